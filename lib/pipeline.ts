/**
 * The processor's self-reported figures: throughput, processing time, dead
 * letters, errors, late events. Lag and members come from the broker instead
 * (see group_status.ts).
 */
import type { MetricWindow } from "./types.ts";
import { MINUTE_MS } from "../shared/time.ts";
import type { WindowIndex } from "./windows.ts";

const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((s, n) => s + n, 0);

/** The processor emits health every 5 s; a rate older than this is no longer current. */
export const STALE_RATE_MS = 15_000;

export interface PipelinePanel {
  /** Records read per second in the newest minute (so far); 0 once the processor stops reporting. */
  eventsPerSecond: number | null;
  deadLettersHour: number;
  lateEventsHour: number;
  /** Errors over records read in the last 5 minutes. */
  errorRate: number | null;
  processingMs: number | null;
  producer: { sent: number; failed: number; bad: number } | null;
  /** Seconds since the processor last reported, or null if it never did. */
  silentSeconds: number | null;
}

export function pipelinePanel(
  index: WindowIndex,
  nowMs: number,
): PipelinePanel {
  const health = index.pipeline_health ?? [];
  const latest = health.at(-1);
  let eventsPerSecond: number | null = null;
  if (latest) {
    const elapsed = (Date.parse(latest.emitted_at) -
      Date.parse(latest.window_start)) / 1000;
    const previous = health.at(-2);
    // Early in a minute the previous full minute is the steadier figure.
    if (elapsed < 10 && previous && previous.final) {
      eventsPerSecond = sum(previous.value.records_in) / 60;
    } else {
      eventsPerSecond = sum(latest.value.records_in) / Math.max(1, elapsed);
    }
  }
  const fiveMinutes = recentBy(health, nowMs, 5);
  const errors = fiveMinutes.reduce((s, w) => s + w.value.errors, 0);
  const recordsIn = fiveMinutes.reduce(
    (s, w) => s + sum(w.value.records_in),
    0,
  );
  const producer = (index.producer_health ?? []).at(-1);
  const newestEmit = health.reduce(
    (max, w) => Math.max(max, Date.parse(w.emitted_at)),
    0,
  );
  if (newestEmit && nowMs - newestEmit > STALE_RATE_MS) eventsPerSecond = 0;
  return {
    eventsPerSecond,
    deadLettersHour: health.reduce((s, w) => s + w.value.dead_letters, 0),
    lateEventsHour: health.reduce((s, w) => s + w.value.late_events, 0),
    errorRate: recordsIn > 0 ? errors / recordsIn : null,
    processingMs: latest?.value.processing_ms ?? null,
    producer: producer
      ? {
        sent: producer.value.sent,
        failed: producer.value.failed,
        bad: producer.value.bad_events,
      }
      : null,
    silentSeconds: newestEmit
      ? Math.max(0, Math.round((nowMs - newestEmit) / 1000))
      : null,
  };
}

/** Processing-time windows that started within the last `minutes` of `nowMs`. */
export function recentBy<W extends Pick<MetricWindow, "window_start">>(
  windows: readonly W[],
  nowMs: number,
  minutes: number,
): W[] {
  const from = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS -
    (minutes - 1) * MINUTE_MS;
  return windows.filter((w) => Date.parse(w.window_start) >= from);
}

/**
 * The producer's `producer_health` metric: delivery counts per processing-time
 * minute, re-emitted while the minute is current and once more, final, after.
 */
import type { MetricRecord } from "../../shared/schemas/metrics.ts";
import { MINUTE_MS } from "../../shared/time.ts";

export interface HealthCounts {
  sent: number;
  failed: number;
  bad_events: number;
}

export type ProducerHealthRecord = Extract<
  MetricRecord,
  { metric: "producer_health" }
>;

export interface HealthTracker {
  /** Adds delivery outcomes observed at wall time `nowMs`. */
  add(counts: Partial<HealthCounts>, nowMs: number): void;
  /**
   * The records to emit at `nowMs`: every minute that closed since the last
   * call (final) and the current one (final only if already over).
   */
  due(nowMs: number): ProducerHealthRecord[];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The producer's simulated clock, reported so the dashboard can explain event time. */
export interface SimClock {
  /** Simulated time of the latest event, epoch ms. */
  simMs: number;
  speed: number;
}

/** Builds one `producer_health` record. */
export function healthRecord(
  instanceId: string,
  windowStartMs: number,
  counts: HealthCounts,
  nowMs: number,
  clock?: SimClock,
): ProducerHealthRecord {
  const windowEnd = windowStartMs + MINUTE_MS;
  return {
    metric: "producer_health",
    window_start: iso(windowStartMs),
    window_end: iso(windowEnd),
    partition: 0,
    final: nowMs >= windowEnd,
    emitted_at: iso(nowMs),
    data: {
      instance_id: instanceId,
      ...counts,
      ...(clock
        ? { sim_time: iso(Math.floor(clock.simMs)), speed: clock.speed }
        : {}),
    },
  };
}

export function createHealthTracker(
  instanceId: string,
  startMs: number,
  clock?: () => SimClock,
): HealthTracker {
  let minute = Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
  let counts: HealthCounts = { sent: 0, failed: 0, bad_events: 0 };
  const closed: ProducerHealthRecord[] = [];

  function roll(nowMs: number) {
    const current = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
    if (current <= minute) return;
    closed.push(healthRecord(instanceId, minute, counts, nowMs, clock?.()));
    minute = current;
    counts = { sent: 0, failed: 0, bad_events: 0 };
  }

  return {
    add(delta, nowMs) {
      roll(nowMs);
      counts.sent += delta.sent ?? 0;
      counts.failed += delta.failed ?? 0;
      counts.bad_events += delta.bad_events ?? 0;
    },
    due(nowMs) {
      roll(nowMs);
      const out = closed.splice(0);
      out.push(
        healthRecord(instanceId, minute, { ...counts }, nowMs, clock?.()),
      );
      return out;
    },
  };
}

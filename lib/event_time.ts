/**
 * Event time on view: each task's watermark against the wall clock, the
 * allowed lateness, late events per minute, and the producers' simulated
 * clocks that explain (or do not explain) a drift.
 */
import { MINUTE_MS } from "../shared/time.ts";
import { recentBy } from "./pipeline.ts";
import { latestProducerClocks, latestTaskClocks } from "./task_clocks.ts";
import { ratio, type WindowIndex } from "./windows.ts";

export interface TaskTime {
  partition: number;
  /** The task's highest event time, epoch ms; null before its first event. */
  watermark: number | null;
  /** Watermark minus the wall clock when the task reported: + ahead, - behind. */
  aheadMs: number | null;
}

export interface ProducerTime {
  instance: string;
  /** The producer's simulated time minus the wall clock when it reported. */
  aheadMs: number;
  speed: number;
}

export interface LateMinute {
  /** Start of the processing-time minute. */
  t: number;
  late: number;
  /** Late events over events read that minute; null when none were read. */
  share: number | null;
}

export interface EventTimePanel {
  tasks: TaskTime[];
  /** The tasks' largest drift ahead of the wall clock (or smallest behind). */
  aheadMs: number | null;
  latenessMs: number | null;
  /** Late events in the last full processing minute. */
  lastMinute: LateMinute | null;
  /** The same for the ten minutes before it, for comparison. */
  baseline: LateMinute | null;
  producers: ProducerTime[];
}

const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((s, n) => s + n, 0);

function lateOver(
  windows: NonNullable<WindowIndex["pipeline_health"]>,
  t: number,
): LateMinute | null {
  if (windows.length === 0) return null;
  const late = windows.reduce((s, w) => s + w.value.late_events, 0);
  const read = windows.reduce((s, w) => s + sum(w.value.records_in), 0);
  return { t, late, share: ratio(late, read) };
}

export function eventTimePanel(
  index: WindowIndex,
  nowMs: number,
): EventTimePanel {
  const clocks = latestTaskClocks(index, nowMs);
  const tasks: TaskTime[] = [...clocks].map(([partition, clock]) => {
    const watermark = clock.watermark ? Date.parse(clock.watermark) : null;
    return {
      partition: Number(partition),
      watermark,
      aheadMs: watermark === null
        ? null
        : watermark - Date.parse(clock.emitted_at),
    };
  }).sort((a, b) => a.partition - b.partition);
  const aheads = tasks.flatMap((t) => t.aheadMs === null ? [] : [t.aheadMs]);
  const lateness = [...clocks.values()].find((c) =>
    c.lateness_ms !== undefined
  );

  const health = index.pipeline_health ?? [];
  const minute = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const last = health.filter((w) => Date.parse(w.window_start) === minute);
  const before = recentBy(health, nowMs, 12).filter((w) =>
    Date.parse(w.window_start) < minute
  );
  const producers = [...latestProducerClocks(index, nowMs)].map((
    [instance, clock],
  ) => ({
    instance,
    aheadMs: Date.parse(clock.sim_time) - Date.parse(clock.emitted_at),
    speed: clock.speed,
  })).sort((a, b) => a.aheadMs - b.aheadMs);
  return {
    tasks,
    aheadMs: aheads.length === 0
      ? null
      : aheads.reduce((a, b) => Math.abs(b) > Math.abs(a) ? b : a),
    latenessMs: lateness?.lateness_ms ?? null,
    lastMinute: lateOver(last, minute),
    baseline: lateOver(before, minute - 10 * MINUTE_MS),
    producers,
  };
}

/** `31 min`, `45 s`, `2 h 5 min`: a drift in words. */
export function formatDrift(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

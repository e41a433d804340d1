/** The newest gauges each processor task and each producer reported: event time, open carts, simulated clocks. */
import type { ProducerClock, TaskClock } from "./types.ts";
import type { WindowIndex } from "./windows.ts";

/** A report older than this (wall clock) no longer describes the task or producer. */
export const CLOCK_STALE_MS = 120_000;

/** Per partition index, the newest report of the last two minutes. */
export function latestTaskClocks(
  index: WindowIndex,
  nowMs: number,
): Map<string, TaskClock> {
  const latest = new Map<string, TaskClock>();
  for (const w of index.pipeline_health ?? []) {
    for (const [partition, clock] of Object.entries(w.value.tasks ?? {})) {
      if (nowMs - Date.parse(clock.emitted_at) > CLOCK_STALE_MS) continue;
      const seen = latest.get(partition);
      if (!seen || clock.emitted_at > seen.emitted_at) {
        latest.set(partition, clock);
      }
    }
  }
  return latest;
}

/** Per producer instance, its newest simulated clock of the last two minutes. */
export function latestProducerClocks(
  index: WindowIndex,
  nowMs: number,
): Map<string, ProducerClock> {
  const latest = new Map<string, ProducerClock>();
  for (const w of index.producer_health ?? []) {
    for (const [instance, clock] of Object.entries(w.value.clocks ?? {})) {
      if (nowMs - Date.parse(clock.emitted_at) > CLOCK_STALE_MS) continue;
      const seen = latest.get(instance);
      if (!seen || clock.emitted_at > seen.emitted_at) {
        latest.set(instance, clock);
      }
    }
  }
  return latest;
}

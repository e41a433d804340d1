/** The `--summary-json` document the benchmark reads. */
import type { RunStats } from "./stats.ts";

export interface RunResult {
  stats: RunStats;
  elapsedMs: number;
  peakRssBytes: number;
  /** True when `--until-caught-up` finished; false after a signal. */
  caughtUp: boolean;
}

export interface ProcessorSummary {
  instance_id: string;
  caught_up: boolean;
  records_in: number;
  dead_letters: number;
  enriched_out: number;
  metrics_out: number;
  late_events: number;
  transactions: number;
  elapsed_ms: number;
  events_per_sec: number;
  peak_rss_bytes: number;
  /** Worker threads the instance ran its tasks on (1: the main thread). */
  workers: number;
  /** When the run began and ended (ISO 8601): instances started together add up over these. */
  started_at: string;
  finished_at: string;
}

export interface RunFrame {
  workers: number;
  startedAt: Date;
  finishedAt: Date;
}

export function summarise(
  instanceId: string,
  result: RunResult,
  frame: RunFrame,
): ProcessorSummary {
  const { stats, elapsedMs } = result;
  return {
    instance_id: instanceId,
    caught_up: result.caughtUp,
    records_in: stats.recordsIn,
    dead_letters: stats.deadLetters,
    enriched_out: stats.enrichedOut,
    metrics_out: stats.metricsOut,
    late_events: stats.lateEvents,
    transactions: stats.transactions,
    elapsed_ms: elapsedMs,
    events_per_sec: elapsedMs > 0
      ? Math.round(stats.recordsIn / (elapsedMs / 1000))
      : 0,
    peak_rss_bytes: result.peakRssBytes,
    workers: frame.workers,
    started_at: frame.startedAt.toISOString(),
    finished_at: frame.finishedAt.toISOString(),
  };
}

/**
 * The messages between `deno task process` and its worker threads, and the
 * main thread's pure decisions on them: when every worker is caught up, and
 * what the workers' results add up to.
 */
import type { Config } from "../../shared/config.ts";
import type { CatchUpReport } from "./catch_up.ts";
import type { RunOptions } from "./processor.ts";
import type { RunStats } from "./stats.ts";
import type { RunResult } from "./summary.ts";

export type ToWorker =
  | { type: "start"; config: Config; options: WorkerRunOptions }
  /** Every worker is ready to join the group: join now. */
  | { type: "join" }
  /** A signal reached the main thread: stop gracefully. */
  | { type: "stop" }
  /** Every worker is caught up: finish as caught up and leave the group. */
  | { type: "finish" };

/** What a worker's Processor is given; the hooks are the worker's own. */
export type WorkerRunOptions = Omit<RunOptions, "onCaughtUp" | "beforeJoin">;

export type FromWorker =
  /** Connected, changelog in place: waiting for "join". */
  | { type: "ready" }
  | { type: "caught-up"; report: CatchUpReport }
  | { type: "done"; result: RunResult }
  | { type: "failed"; message: string; code: number };

/**
 * True when every worker reported caught up and no task is claimed twice.
 * A task in two reports means one of them predates a rebalance (a worker
 * learns of it at its next heartbeat), so its owner may not have caught up yet.
 */
export function allCaughtUp(
  reports: readonly (CatchUpReport | undefined)[],
): boolean {
  const seen = new Set<number>();
  for (const report of reports) {
    if (!report?.caughtUp) return false;
    for (const task of report.tasks) {
      if (seen.has(task)) return false;
      seen.add(task);
    }
  }
  return reports.length > 0;
}

/** The workers' results as one instance's: counts summed, caught up only if all were. */
export function combineResults(
  results: readonly RunResult[],
  elapsedMs: number,
): RunResult {
  const stats = {} as RunStats;
  for (const result of results) {
    for (const [key, value] of Object.entries(result.stats)) {
      const name = key as keyof RunStats;
      stats[name] = (stats[name] ?? 0) + value;
    }
  }
  return {
    stats,
    elapsedMs,
    // Every worker samples the RSS of the one process they share.
    peakRssBytes: Math.max(0, ...results.map((r) => r.peakRssBytes)),
    caughtUp: results.length > 0 && results.every((r) => r.caughtUp),
  };
}

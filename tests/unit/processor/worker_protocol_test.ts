import assert from "node:assert/strict";
import {
  allCaughtUp,
  combineResults,
} from "../../../services/processor/worker_protocol.ts";
import { newRunStats } from "../../../services/processor/stats.ts";
import type { RunResult } from "../../../services/processor/summary.ts";

const up = (...tasks: number[]) => ({ caughtUp: true, tasks });

Deno.test("allCaughtUp() waits for every worker to report caught up", () => {
  assert.equal(allCaughtUp([up(0, 1), undefined]), false);
  assert.equal(allCaughtUp([up(0, 1), { caughtUp: false, tasks: [2] }]), false);
  assert.equal(allCaughtUp([up(0, 1), up(2)]), true);
  assert.equal(allCaughtUp([]), false);
});

Deno.test("allCaughtUp() counts a worker without tasks, but not a task claimed twice", () => {
  assert.equal(allCaughtUp([up(0), up(1, 2), up()]), true);
  // The first report predates a rebalance that gave task 2 to the second worker.
  assert.equal(allCaughtUp([up(0, 1, 2), up(2)]), false);
});

function result(recordsIn: number, rss: number, caughtUp = true): RunResult {
  const stats = { ...newRunStats(), recordsIn, transactions: 2 };
  return { stats, elapsedMs: 999, peakRssBytes: rss, caughtUp };
}

Deno.test("combineResults() sums the workers' counts and keeps the process's peak RSS", () => {
  const combined = combineResults([result(10, 300), result(5, 400)], 1_500);
  assert.equal(combined.stats.recordsIn, 15);
  assert.equal(combined.stats.transactions, 4);
  assert.equal(combined.stats.deadLetters, 0);
  assert.equal(combined.elapsedMs, 1_500);
  assert.equal(combined.peakRssBytes, 400);
  assert.equal(combined.caughtUp, true);
});

Deno.test("combineResults() is caught up only when every worker was", () => {
  assert.equal(
    combineResults([result(1, 1), result(1, 1, false)], 1).caughtUp,
    false,
  );
  assert.equal(combineResults([], 1).caughtUp, false);
});

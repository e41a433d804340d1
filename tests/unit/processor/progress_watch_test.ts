import assert from "node:assert/strict";
import { ProgressWatch } from "../../../services/processor/progress_watch.ts";

/** Checks once a second from `from` to `to`; the first stall seen, if any. */
function tickThrough(watch: ProgressWatch, from: number, to: number) {
  for (let t = from; t <= to; t += 1_000) {
    const stall = watch.check(t);
    if (stall) return { at: t, ...stall };
  }
  return null;
}

Deno.test("ProgressWatch reports a task that made no progress for the timeout", () => {
  const watch = new ProgressWatch(10_000);
  watch.assigned([0, 1], 0);
  for (let t = 0; t <= 9_000; t += 1_000) {
    watch.progressed(0, t);
    assert.equal(watch.check(t), null);
  }
  watch.progressed(0, 10_000);
  assert.deepEqual(watch.check(10_000), { task: 1, sinceMs: 10_000 });
});

Deno.test("ProgressWatch does not count a suspended process against its tasks", () => {
  const watch = new ProgressWatch(10_000);
  watch.assigned([0], 0);
  assert.equal(tickThrough(watch, 0, 5_000), null);
  // SIGSTOP for 60 s: the next tick comes late, and the clock moves with it.
  assert.equal(watch.check(65_000), null);
  assert.deepEqual(tickThrough(watch, 66_000, 80_000), {
    at: 70_000,
    task: 0,
    sinceMs: 10_000,
  });
});

Deno.test("ProgressWatch forgets tasks no longer assigned and starts new ones at assignment", () => {
  const watch = new ProgressWatch(10_000);
  watch.assigned([0], 0);
  assert.equal(tickThrough(watch, 0, 8_000), null);
  watch.assigned([1], 9_000);
  assert.deepEqual(tickThrough(watch, 9_000, 30_000), {
    at: 19_000,
    task: 1,
    sinceMs: 10_000,
  });
});

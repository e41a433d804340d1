import assert from "node:assert/strict";
import {
  type PartitionState,
  planOffsets,
} from "../../../services/offsets/plan.ts";

const p = (over: Partial<PartitionState> = {}): PartitionState => ({
  topic: "t",
  partition: 0,
  committed: 50,
  low: 10,
  high: 100,
  ...over,
});

Deno.test("planOffsets() shifts within the log, clamping past either end", () => {
  const [back, forward, never] = planOffsets(
    [p(), p({ committed: 95 }), p({ committed: null })],
    { kind: "shift-by", by: -200 },
  );
  assert.equal(back.target, 10, "past the start: the first offset");
  assert.equal(forward.target, 10);
  assert.equal(never.target, 10, "never committed: from the first offset");
  const [ahead] = planOffsets([p()], { kind: "shift-by", by: 500 });
  assert.equal(ahead.target, 100, "past the end: the end");
});

Deno.test("planOffsets() moves to a time, the end when no record is that late, the start when all are", () => {
  const [at, none, early] = planOffsets(
    [p({ atTime: 42 }), p({ atTime: null }), p({ atTime: 3 })],
    { kind: "to-datetime", time: 0 },
  );
  assert.equal(at.target, 42);
  assert.equal(none.target, 100);
  assert.equal(
    early.target,
    10,
    "a time before the first record: the first offset kept",
  );
});

Deno.test("planOffsets() moves to the earliest, the latest or an offset in the log", () => {
  assert.equal(planOffsets([p()], { kind: "to-earliest" })[0].target, 10);
  assert.equal(planOffsets([p()], { kind: "to-latest" })[0].target, 100);
  assert.equal(
    planOffsets([p()], { kind: "to-offset", offset: 70 })[0].target,
    70,
  );
  assert.equal(
    planOffsets([p()], { kind: "to-offset", offset: 7 })[0].target,
    10,
  );
});

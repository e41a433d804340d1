import assert from "node:assert/strict";
import {
  type Failure,
  planRestart,
  stillIsolating,
} from "../../../services/processor/poison.ts";

const failure = (over: Partial<Failure> = {}): Failure => ({
  committed: [10, 0, 5, 0, 0],
  positions: [14, 0, 5, 0, 0],
  deterministic: true,
  suspect: { topicIndex: 0, offset: 12 },
  message: "Cannot emit something",
  ...over,
});

Deno.test("planRestart() retries, then isolates, then dead-letters the record that keeps failing", () => {
  const first = planRestart(undefined, failure());
  assert.deepEqual(first.plan, { isolateUntil: null, quarantine: null });
  const second = planRestart(first.record, failure());
  assert.deepEqual(second.plan.isolateUntil, [14, 0, 5, 0, 0]);
  assert.equal(second.plan.quarantine, null);
  const third = planRestart(
    second.record,
    failure({ positions: [13, 0, 5, 0, 0] }),
    second.plan,
  );
  assert.deepEqual(third.plan.isolateUntil, [14, 0, 5, 0, 0]);
  assert.equal(third.plan.quarantine?.topicIndex, 0);
  assert.equal(third.plan.quarantine?.offset, 12);
  assert.match(third.plan.quarantine!.detail, /failed the task 3 times/);
});

Deno.test("planRestart() never counts failures of the environment", () => {
  let record;
  for (let i = 0; i < 10; i++) {
    const next = planRestart(record, failure({ deterministic: false }));
    assert.equal(next.plan.quarantine, null);
    assert.equal(next.plan.isolateUntil, null);
    record = next.record;
  }
  assert.equal(record, undefined);
});

Deno.test("planRestart() starts counting again once the task committed past the failure", () => {
  const first = planRestart(undefined, failure());
  const moved = planRestart(
    first.record,
    failure({ committed: [11, 0, 5, 0, 0] }),
  );
  assert.equal(moved.record?.count, 1);
  assert.deepEqual(moved.plan, { isolateUntil: null, quarantine: null });
});

Deno.test("stillIsolating() holds until every committed offset reached the failing transaction's end", () => {
  assert.equal(stillIsolating([13, 0, 5], [14, 0, 5]), true);
  assert.equal(stillIsolating([14, 0, 5], [14, 0, 5]), false);
  assert.equal(stillIsolating([14, 0, 5], null), false);
});

import assert from "node:assert/strict";
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import { pump } from "../../../services/processor/pump.ts";
import {
  type InputRecord,
  TaskInput,
} from "../../../services/processor/task_input.ts";
import { newTaskState } from "../../../services/processor/task_state.ts";
import { at, view } from "./events.ts";

const FUTURE = Date.parse("9999-12-31T23:59:59.000Z");

function record(offset: number, event: StoreEvent, time: number): InputRecord {
  return { offset, key: null, value: null, verdict: { ok: true, event, time } };
}

/** Views at `times` on topic 0 of a one-topic task, fed `chunk` records at a time. */
function run(times: number[], chunk: number) {
  const input = new TaskInput([0]);
  input.setHighWatermark(0, times.length);
  const state = newTaskState(30_000);
  const out = { rejected: [] as string[], late: 0, valid: 0 };
  const sink = {
    deadLetter: (_i: number, r: InputRecord, v: { reason: string }) =>
      out.rejected.push(`${r.offset}:${v.reason}`),
    event: (_i: number, _r: InputRecord, _v: unknown, late: boolean) => {
      out.valid++;
      if (late) out.late++;
    },
    closed: () => {},
  };
  const records = times.map((t, i) => record(i, view(t, `s${i}`), t));
  for (let i = 0; i < records.length; i += chunk) {
    input.append(0, records.slice(i, i + chunk));
    pump(input, state, sink);
  }
  return { ...out, maxEventTime: state.maxEventTime };
}

Deno.test("one far-future event is dead-lettered as timestamp_skew and the events after it are not late", () => {
  const times = [at(0), at(1), at(2), FUTURE, at(3), at(4), at(5)];
  const result = run(times, 100);
  assert.deepEqual(result.rejected, ["3:timestamp_skew"]);
  assert.equal(result.valid, 6);
  assert.equal(result.late, 0);
  assert.equal(result.maxEventTime, at(5));
});

Deno.test("a new clock that the following records agree with moves event time", () => {
  const later = at(0) + 5 * 365 * 24 * 3_600_000;
  const times = [at(0), at(1), later, later + 1_000, later + 2_000];
  const result = run(times, 100);
  assert.deepEqual(result.rejected, []);
  assert.equal(result.maxEventTime, later + 2_000);
});

Deno.test("the skew verdict does not depend on how the records were fetched", () => {
  const times = [
    at(0),
    at(1),
    FUTURE,
    at(2),
    FUTURE,
    FUTURE + 1,
    at(3),
    FUTURE,
  ];
  const whole = run(times, 100);
  for (const chunk of [1, 2, 3]) assert.deepEqual(run(times, chunk), whole);
  // The second pair agrees with itself: a new clock, by the rule.
  assert.deepEqual(whole.rejected, ["2:timestamp_skew"]);
});

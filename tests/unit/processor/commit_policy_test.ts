import assert from "node:assert/strict";
import {
  COMMIT_INTERVAL_MS,
  commitDue,
  LIVE_BACKLOG,
  LIVE_COMMIT_MS,
} from "../../../services/processor/commit_policy.ts";
import { pump, pumpBounded } from "../../../services/processor/pump.ts";
import { TaskInput } from "../../../services/processor/task_input.ts";
import { newTaskState } from "../../../services/processor/task_state.ts";
import { at, view } from "./events.ts";

const NOW = 1_000_000;

Deno.test("commitDue() commits a caught-up task every 100 ms", () => {
  const view = { now: NOW, hasWork: true, backlog: 40 };
  assert.equal(commitDue({ ...view, lastCommit: NOW - 99 }), false);
  assert.equal(commitDue({ ...view, lastCommit: NOW - LIVE_COMMIT_MS }), true);
  assert.ok(LIVE_COMMIT_MS <= 100);
});

Deno.test("commitDue() commits once a second while catching up", () => {
  const view = { now: NOW, hasWork: true, backlog: LIVE_BACKLOG + 1 };
  assert.equal(commitDue({ ...view, lastCommit: NOW - 500 }), false);
  assert.equal(
    commitDue({ ...view, lastCommit: NOW - COMMIT_INTERVAL_MS }),
    true,
  );
});

Deno.test("commitDue() never commits without work", () => {
  assert.equal(
    commitDue({ now: NOW, lastCommit: 0, hasWork: false, backlog: 0 }),
    false,
  );
});

function inputWith(count: number): TaskInput {
  const input = new TaskInput([0]);
  const records = [];
  for (let i = 0; i < count; i++) {
    const event = view(at(i % 50), `s${i}`);
    records.push({
      offset: i,
      key: null,
      value: null,
      verdict: { ok: true as const, event, time: at(i % 50) },
    });
  }
  input.append(0, records);
  input.setHighWatermark(0, count);
  return input;
}

Deno.test("pumpBounded() commits inside the loop whenever the threshold is reached", async () => {
  const input = inputWith(2_500);
  const state = newTaskState(30_000);
  let waiting = 0;
  const sizes: number[] = [];
  const sink = {
    deadLetter: () => waiting++,
    event: () => waiting++,
    closed: () => {},
  };
  const taken = await pumpBounded(
    input,
    state,
    sink,
    () => waiting,
    1_000,
    () => {
      sizes.push(waiting);
      waiting = 0;
      return Promise.resolve();
    },
  );
  assert.equal(taken, 2_500);
  assert.deepEqual(sizes, [1_000, 1_000]);
  assert.equal(waiting, 500);
  // The plain pump takes everything in one go: the threshold is pumpBounded's.
  const all = inputWith(2_500);
  assert.equal(pump(all, newTaskState(30_000), sink), 2_500);
});

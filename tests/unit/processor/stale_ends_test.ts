import assert from "node:assert/strict";
import {
  type InputRecord,
  TaskInput,
} from "../../../services/processor/task_input.ts";
import { at, cart, view } from "./events.ts";

function record(offset: number, time: number, receivedAt: number): InputRecord {
  return {
    offset,
    key: null,
    value: null,
    verdict: { ok: true, event: view(time, "s"), time },
    receivedAt,
  };
}

Deno.test("take() waits while an empty queue's end was seen before the waiting record arrived", () => {
  const input = new TaskInput([0, 0]);
  input.setHighWatermark(0, 0, 1_000);
  input.setHighWatermark(1, 0, 1_000);
  // Carts arrive at 2,000; views sent with them are still on their way.
  input.append(1, [{
    ...record(0, at(10), 2_000),
    verdict: { ok: true, event: cart(at(10), "s"), time: at(10) },
  }]);
  input.setHighWatermark(1, 1, 2_000);
  assert.equal(input.take(), null);
  assert.equal(input.stale, true);
  // A fresh look shows a view at an earlier time: it must go first.
  input.setHighWatermark(0, 1, 2_100);
  assert.equal(input.take(), null, "the view is not fetched yet");
  input.append(0, [record(0, at(5), 2_200)]);
  assert.equal(input.take()?.topicIndex, 0);
  assert.equal(input.take()?.topicIndex, 1);
});

Deno.test("take() goes on once the empty queue's end was seen after the waiting record arrived", () => {
  const input = new TaskInput([0, 0]);
  input.setHighWatermark(0, 0, 1_000);
  input.append(1, [record(0, at(10), 2_000)]);
  input.setHighWatermark(1, 1, 2_000);
  assert.equal(input.take(), null);
  input.setHighWatermark(0, 0, 2_500);
  assert.equal(input.stale, false);
  assert.equal(input.take()?.topicIndex, 1);
});

Deno.test("take() never waits on final ends, as in a batch recomputation", () => {
  const input = new TaskInput([0, 0]);
  input.setHighWatermark(0, 0);
  input.setHighWatermark(1, 1);
  input.append(1, [record(0, at(10), 2_000)]);
  assert.equal(input.take()?.topicIndex, 1);
});

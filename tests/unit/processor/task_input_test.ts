import assert from "node:assert/strict";
import {
  type InputRecord,
  TaskInput,
} from "../../../services/processor/task_input.ts";
import type { Classified } from "../../../services/processor/validate.ts";
import { at, view } from "./events.ts";

function valid(offset: number, seconds: number): InputRecord {
  const event = view(at(seconds), "s");
  const verdict: Classified = { ok: true, event, time: at(seconds) };
  return { offset, key: null, value: null, verdict };
}

function bad(offset: number): InputRecord {
  return {
    offset,
    key: null,
    value: null,
    verdict: { ok: false, reason: "invalid_json", detail: "x" },
  };
}

function drainAll(input: TaskInput): string[] {
  const order: string[] = [];
  for (let next = input.take(); next; next = input.take()) {
    order.push(`${next.topicIndex}@${next.record.offset}`);
  }
  return order;
}

Deno.test("TaskInput.take() merges topics by event time, ties by topic index", () => {
  const input = new TaskInput([0, 0]);
  input.append(0, [valid(0, 1), valid(1, 5), valid(2, 9)]);
  input.append(1, [valid(0, 2), valid(1, 5)]);
  input.setHighWatermark(0, 3);
  input.setHighWatermark(1, 2);
  assert.deepEqual(drainAll(input), ["0@0", "1@0", "0@1", "1@1", "0@2"]);
});

Deno.test("TaskInput.take() waits for a topic that is behind its high watermark, but lets dead letters through", () => {
  const input = new TaskInput([0, 0]);
  input.append(0, [bad(0), valid(1, 1)]);
  input.setHighWatermark(0, 2);
  input.setHighWatermark(1, 1); // one record of topic 1 not fetched yet
  assert.deepEqual(drainAll(input), ["0@0"]);
  assert.deepEqual(input.positions(), [1, 0]);
  input.append(1, [valid(0, 0)]);
  assert.deepEqual(drainAll(input), ["1@0", "0@1"]);
  assert.deepEqual(input.positions(), [2, 1]);
});

Deno.test("TaskInput.append() ignores records it already has after a refetch", () => {
  const input = new TaskInput([5]);
  input.append(0, [valid(3, 1), valid(4, 1), valid(5, 1), valid(6, 2)]);
  input.append(0, [valid(5, 1), valid(6, 2), valid(7, 3)]);
  input.setHighWatermark(0, 8);
  assert.deepEqual(drainAll(input), ["0@5", "0@6", "0@7"]);
  assert.equal(input.atEnd(0), true);
});

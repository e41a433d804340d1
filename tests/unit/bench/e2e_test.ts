import assert from "node:assert/strict";
import { StoreEvent } from "../../../shared/schemas/events.ts";
import {
  buildEvent,
  E2E_MIX,
  partitionOf,
  typeSequence,
  usersByPartition,
} from "../../../services/bench/e2e_events.ts";
import { E2eTracker } from "../../../services/bench/e2e_tracker.ts";

Deno.test("buildEvent() makes events that pass the shared schema", () => {
  const at = Date.UTC(2026, 10, 25, 8, 0, 0);
  for (const type of Object.keys(E2E_MIX) as (keyof typeof E2E_MIX)[]) {
    for (let n = 0; n < 30; n++) {
      const event = buildEvent(type, "u1", n, at);
      assert.equal(event.event_type, type);
      StoreEvent.parse(event);
    }
  }
});

Deno.test("usersByPartition() returns users whose keys hash to their partition", () => {
  const users = usersByPartition(5);
  assert.equal(users.length, 3);
  users.forEach((list, partition) => {
    assert.equal(list.length, 5);
    for (const user of list) assert.equal(partitionOf(user), partition);
  });
});

Deno.test("typeSequence() follows the mix's shares over a block of 100", () => {
  const sequence = typeSequence();
  assert.equal(sequence.length, 100);
  for (const [type, { share }] of Object.entries(E2E_MIX)) {
    assert.equal(
      sequence.filter((t) => t === type).length,
      Math.round(share * 100),
      type,
    );
  }
  assert.notEqual(sequence[0], sequence[1]);
});

Deno.test("E2eTracker resolves events up to an update's count, per window and type", () => {
  const tracker = new E2eTracker();
  const minute = Date.UTC(2026, 10, 25, 8, 0);
  tracker.sent("purchase", minute + 1_000, 1_000, 0);
  tracker.sent("purchase", minute + 2_000, 2_000, 0);
  tracker.sent("purchase", minute + 61_000, 3_000, 1);
  tracker.sent("cart_action", minute + 2_000, 2_000, 0);
  assert.equal(tracker.outstanding, 4);
  tracker.seen("purchase", minute, 1, 1_500);
  assert.deepEqual(tracker.latencies(0), [500]);
  tracker.seen("purchase", minute, 1, 2_500);
  assert.deepEqual(tracker.latencies(0), [500]);
  tracker.seen("purchase", minute, 2, 2_600);
  tracker.seen("purchase", minute + 60_000, 5, 3_400);
  assert.deepEqual(tracker.latencies(0), [500, 600]);
  assert.deepEqual(tracker.latencies(1), [400]);
  assert.equal(tracker.outstanding, 1);
  assert.equal(tracker.oldestOutstanding(), 2_000);
});

Deno.test("E2eTracker does not record latencies of warm-up events", () => {
  const tracker = new E2eTracker();
  tracker.sent("purchase", 0, 0, -1);
  tracker.seen("purchase", 0, 1, 10);
  assert.equal(tracker.outstanding, 0);
  assert.deepEqual(tracker.latencies(-1), []);
});

import assert from "node:assert/strict";
import { createRandom } from "../../../shared/random.ts";
import {
  generateEvents,
  generateRecords,
} from "../../../services/producer/model/generate.ts";
import {
  createDelayLine,
  LATE,
} from "../../../services/producer/model/late.ts";
import {
  frontierFor,
  windowStartOf,
} from "../../../services/processor/time.ts";

// A quiet night: 20,000 events span about 17 minutes of simulated time.
const START = Date.parse("2026-11-22T04:00:00Z");

Deno.test("createDelayLine() holds about its share and releases each item once it is due, earliest first", () => {
  const line = createDelayLine<number>(createRandom(3));
  const held = new Map<number, number>();
  const released: { item: number; at: number; due: number }[] = [];
  for (let i = 0; i < 20_000; i++) {
    const now = i * 100;
    for (let h = line.release(now); h; h = line.release(now)) {
      released.push({ item: h.item, at: now, due: h.dueMs });
      assert.equal(h.happenedMs, held.get(h.item));
      assert.ok(h.dueMs - h.happenedMs >= LATE.minDelayMs);
      assert.ok(h.dueMs - h.happenedMs <= LATE.maxDelayMs);
    }
    if (line.offer(i, now)) held.set(i, now);
  }
  const share = held.size / 20_000;
  assert.ok(share > 0.09 && share < 0.11, `held ${share}`);
  assert.equal(released.length + line.size, held.size);
  for (const [i, r] of released.entries()) {
    assert.ok(r.due <= r.at, "released before it was due");
    assert.ok(r.at - r.due < 100, "released late");
    if (i > 0) assert.ok(r.due >= released[i - 1].due, "out of due order");
  }
});

Deno.test("createDelayLine() rejects a maximum delay below the minimum", () => {
  assert.throws(
    () => createDelayLine(createRandom(1), { minDelayMs: 5, maxDelayMs: 1 }),
    RangeError,
  );
});

Deno.test('generateRecords() with scenario "late" is the same for the same seed, and differs for another', () => {
  const run = (seed: number) =>
    [...generateRecords({
      seed,
      startMs: START,
      count: 3000,
      scenario: "late",
    })]
      .map((r) => `${r.value}@${r.simMs}`);
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
});

Deno.test('generateRecords() with scenario "late" sends the events of a normal run, a tenth of them 2-4 minutes later', () => {
  const count = 20_000;
  const records = [
    ...generateRecords({ seed: 7, startMs: START, count, scenario: "late" }),
  ];
  assert.equal(records.length, count);
  const normal = [
    ...generateEvents({ seed: 7, startMs: START, count: 2 * count }),
  ];
  const order = new Map(normal.map((e, i) => [e.event_id, i]));
  let previous = -1;
  let previousSim = -Infinity;
  let delayed = 0;
  let steady = 0;
  for (const r of records) {
    assert.ok(r.event, "only valid records without --bad-ratio");
    const at = order.get(r.event.event_id);
    assert.ok(at !== undefined, `${r.event.event_id} is not in the normal run`);
    assert.deepEqual(r.event, normal[at]);
    assert.ok(r.simMs >= previousSim, "sending goes back in time");
    previousSim = r.simMs;
    const inSteadyState = r.simMs >= START + LATE.maxDelayMs;
    if (inSteadyState) steady++;
    if (r.delayedMs === undefined) {
      assert.ok(at > previous, "an on-time event out of order");
      previous = at;
      continue;
    }
    if (inSteadyState) delayed++;
    const happened = Date.parse(r.event.timestamp);
    assert.ok(r.delayedMs >= LATE.minDelayMs);
    // Released at the first event at or after its due time.
    assert.ok(r.delayedMs <= LATE.maxDelayMs + 1_000, `${r.delayedMs}`);
    assert.ok(r.simMs - happened >= LATE.minDelayMs);
  }
  // Once the first delayed events fall due, a tenth of what is sent.
  const share = delayed / steady;
  assert.ok(share > 0.09 && share < 0.11, `delayed ${share}`);
});

Deno.test('generateRecords() with scenario "late": every delayed event is late at 30 s of lateness and on time at 5 minutes', () => {
  let newest = -Infinity;
  let delayed = 0;
  const isLate = (time: number, latenessMs: number) =>
    windowStartOf(time) + 60_000 <= frontierFor(newest, latenessMs);
  for (
    const r of generateRecords({
      seed: 11,
      startMs: START,
      count: 20_000,
      scenario: "late",
    })
  ) {
    const time = Date.parse(r.event!.timestamp);
    if (r.delayedMs !== undefined) {
      delayed++;
      assert.ok(isLate(time, 30_000), `${r.event!.timestamp} not late at 30 s`);
      assert.ok(!isLate(time, 300_000), `${r.event!.timestamp} late at 5 min`);
    } else {
      assert.ok(!isLate(time, 30_000), "an on-time event is late");
    }
    newest = Math.max(newest, time);
  }
  assert.ok(delayed > 1000);
});

Deno.test('generateRecords() without scenario "late" sends nothing late', () => {
  for (const r of generateRecords({ seed: 7, startMs: START, count: 5000 })) {
    assert.equal(r.delayedMs, undefined);
  }
});

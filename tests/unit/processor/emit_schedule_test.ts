import assert from "node:assert/strict";
import {
  CATCH_UP_EMIT_MS,
  emitDue,
  HEALTH_INTERVAL_MS,
  LIVE_EMIT_MS,
} from "../../../services/processor/emit_schedule.ts";
import { LIVE_BACKLOG } from "../../../services/processor/commit_policy.ts";

const TICK_MS = 50;

/** Ticks every 50 ms from 0 to `untilMs` with a change at each; the times open windows are emitted. */
function emissions(backlog: number, untilMs: number, start = -10_000) {
  const clock = { lastEmit: start, lastHealth: 0 };
  const at: number[] = [];
  for (let now = 0; now <= untilMs; now += TICK_MS) {
    if (emitDue(clock, { now, changed: true, backlog }).open) {
      clock.lastEmit = now;
      at.push(now);
    }
  }
  return at;
}

Deno.test("emitDue() emits a change to an open window at once after a quiet spell", () => {
  const clock = { lastEmit: 0, lastHealth: 0 };
  assert.equal(
    emitDue(clock, { now: 5_000, changed: true, backlog: 0 }).open,
    true,
  );
  assert.equal(
    emitDue(clock, { now: 5_000, changed: false, backlog: 0 }).open,
    false,
    "nothing changed, nothing re-emitted",
  );
});

Deno.test("emitDue() re-emits a window changing all the time at most every 250 ms when live", () => {
  const at = emissions(0, 10_000);
  assert.equal(LIVE_EMIT_MS, 250);
  assert.equal(at.length, 41);
  for (let i = 1; i < at.length; i++) assert.equal(at[i] - at[i - 1], 250);
});

Deno.test("emitDue() re-emits once a second while catching up", () => {
  const at = emissions(LIVE_BACKLOG + 1, 10_000);
  assert.equal(CATCH_UP_EMIT_MS, 1_000);
  assert.equal(at.length, 11);
  assert.deepEqual(
    emissions(LIVE_BACKLOG, 1_000).length,
    5,
    "live at the edge",
  );
});

Deno.test("emitDue() emits health every 5 s, whether anything changed or not", () => {
  const clock = { lastEmit: 0, lastHealth: 0 };
  const view = (now: number) => ({ now, changed: false, backlog: 0 });
  assert.equal(emitDue(clock, view(HEALTH_INTERVAL_MS - 1)).health, false);
  assert.equal(emitDue(clock, view(HEALTH_INTERVAL_MS)).health, true);
});

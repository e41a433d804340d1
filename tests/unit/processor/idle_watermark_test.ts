import assert from "node:assert/strict";
import {
  advanceFrontier,
  applyEvent,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import {
  IDLE_AFTER_MS,
  idleFrontier,
  WINDOW_MS,
} from "../../../services/processor/time.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";
import { at, T0, view } from "./events.ts";

const WALL = Date.parse("2026-11-25T09:00:00.000Z");

function idle(allAtEnd: boolean, maxEventTime: number | null = at(50)) {
  return { maxEventTime, idleSince: WALL, allAtEnd, latenessMs: 30_000 };
}

Deno.test("idleFrontier() waits 5 s with every input at its end", () => {
  assert.equal(idleFrontier(idle(true), WALL), null);
  assert.equal(idleFrontier(idle(true), WALL + IDLE_AFTER_MS - 1), null);
  assert.notEqual(idleFrontier(idle(true), WALL + IDLE_AFTER_MS), null);
});

Deno.test("idleFrontier() does nothing while an input is behind or before any event", () => {
  assert.equal(idleFrontier(idle(false), WALL + 60_000), null);
  assert.equal(idleFrontier(idle(true, null), WALL + 60_000), null);
});

Deno.test("idleFrontier() moves event time on with the wall clock", () => {
  // Highest event at T0+50 s, lateness 30 s: idle for 5 s gives T0+25 s,
  // still inside the first window; 40 s idle reaches T0+60 s.
  assert.equal(idleFrontier(idle(true), WALL + 5_000), T0);
  assert.equal(idleFrontier(idle(true), WALL + 39_999), T0);
  assert.equal(idleFrontier(idle(true), WALL + 40_000), T0 + WINDOW_MS);
  assert.equal(idleFrontier(idle(true), WALL + 100_000), T0 + 2 * WINDOW_MS);
});

Deno.test("an idle task closes its last windows without new events", () => {
  const state = newTaskState(30_000);
  applyEvent(state, view(at(10), "s1"), at(10), []);
  applyEvent(state, view(at(70), "s2"), at(70), []);
  assert.equal(state.windows.size, 2);
  const input = {
    maxEventTime: state.maxEventTime,
    idleSince: WALL,
    allAtEnd: true,
    latenessMs: state.latenessMs,
  };
  const closed: WindowAcc[] = [];
  // T0+70 s + 20 s idle - 30 s lateness = T0+60 s: the first window closes.
  advanceFrontier(state, idleFrontier(input, WALL + 20_000)!, closed);
  assert.deepEqual(closed.map((w) => w.start), [T0]);
  advanceFrontier(state, idleFrontier(input, WALL + 80_000)!, closed);
  assert.deepEqual(closed.map((w) => w.start), [T0, T0 + WINDOW_MS]);
  assert.equal(state.windows.size, 0);
});

import assert from "node:assert/strict";
import { generateEvents } from "../../../services/producer/model/generate.ts";
import {
  applyEvent,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";

const MINUTE = 60_000;

Deno.test("live sessions level off one session gap after the start: what bounds the processor's memory", () => {
  // A 3-minute gap instead of 30 keeps the test fast; the shape is the same.
  const gapMs = 3 * MINUTE;
  const startMs = Date.parse("2026-11-23T20:30:00Z");
  const state = newTaskState(30_000, undefined, gapMs);
  const closed: WindowAcc[] = [];
  const live = new Map<number, number>();
  const started = new Set<string>();
  for (
    const event of generateEvents({
      seed: 5,
      rate: 100,
      startMs,
      sessionGapMs: gapMs,
    })
  ) {
    const time = Date.parse(event.timestamp);
    const minute = Math.floor((time - startMs) / MINUTE);
    if (minute >= 14) break;
    started.add(event.session_id);
    applyEvent(state, event, time, closed);
    closed.length = 0;
    live.set(minute, state.sessions.size);
  }
  const at = (m: number) => live.get(m)!;
  // Growing while no session can have ended yet…
  assert.ok(at(3) > 1.5 * at(1), `minute 1: ${at(1)}, minute 3: ${at(3)}`);
  // …then flat: as many end as start, whatever the run's length.
  for (const m of [10, 11, 12, 13]) {
    const ratio = at(m) / at(8);
    assert.ok(
      ratio > 0.85 && ratio < 1.15,
      `minute 8: ${at(8)} live, minute ${m}: ${at(m)}`,
    );
  }
  assert.ok(
    at(13) < started.size / 2,
    `${at(13)} live of ${started.size} started`,
  );
});

import assert from "node:assert/strict";
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import { generateEvents } from "../../../services/producer/model/generate.ts";
import { windowData } from "../../../services/processor/records.ts";
import {
  applyEvent,
  drain,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";
import { at, GAME_A, GAME_B, purchase, search, T0, view } from "./events.ts";

const time = (event: StoreEvent) => Date.parse(event.timestamp);

function finalWindows(events: StoreEvent[]) {
  const state = newTaskState(30_000);
  const closed: WindowAcc[] = [];
  let late = 0;
  for (const event of events) {
    if (!applyEvent(state, event, time(event), closed)) late++;
  }
  drain(state, closed);
  const windows = Object.fromEntries(
    closed.map((acc) => [(acc.start - T0) / 60_000, windowData(acc)]),
  );
  return { windows, late };
}

Deno.test("a search handled after the view and purchase that followed it is still clicked and converted", () => {
  const inOrder = finalWindows([
    search(at(50), "s1", "rpg", [GAME_A.id]),
    view(at(55), "s1", GAME_A),
    purchase(at(70), "s1", [GAME_A]),
  ]).windows;
  const reordered = finalWindows([
    view(at(55), "s1", GAME_A),
    purchase(at(70), "s1", [GAME_A]),
    search(at(50), "s1", "rpg", [GAME_A.id]),
  ]).windows;
  assert.deepEqual(reordered, inOrder);
  assert.equal(inOrder[0].search_effectiveness.clicked, 1);
  assert.equal(inOrder[1].search_effectiveness.converted, 1);
});

Deno.test("an earlier view handled later moves the click to its own window", () => {
  const { windows } = finalWindows([
    search(at(10), "s1", "rpg", [GAME_A.id, GAME_B.id]),
    view(at(65), "s1", GAME_B),
    view(at(50), "s1", GAME_A),
  ]);
  assert.equal(windows[0].search_effectiveness.clicked, 1);
  assert.equal(windows[1].search_effectiveness.clicked, 0);
});

Deno.test("shuffling events within the allowed lateness changes no metric", () => {
  const events = [
    ...generateEvents({ seed: 5, startMs: T0, count: 6_000 }),
  ];
  const sorted = [...events].sort((a, b) => time(a) - time(b));
  // Reverse every run of events spanning under 20 s: far out of order, but
  // never by more than the 30 s lateness.
  const shuffled: StoreEvent[] = [];
  let run: StoreEvent[] = [];
  for (const event of sorted) {
    if (run.length > 0 && time(event) - time(run[0]) >= 20_000) {
      shuffled.push(...run.reverse());
      run = [];
    }
    run.push(event);
  }
  shuffled.push(...run.reverse());
  assert.notDeepEqual(shuffled.map(time), sorted.map(time));

  const expected = finalWindows(sorted);
  const actual = finalWindows(shuffled);
  assert.equal(actual.late, 0);
  const totals = Object.values(expected.windows).reduce(
    (sum, w) => sum + w.search_effectiveness.clicked,
    0,
  );
  assert.ok(totals > 50, "the sample exercises click attribution");
  assert.deepEqual(actual.windows, expected.windows);
});

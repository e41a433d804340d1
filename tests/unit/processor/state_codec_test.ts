import assert from "node:assert/strict";
import { openCarts } from "../../../services/processor/open_carts.ts";
import { windowData } from "../../../services/processor/records.ts";
import {
  StateRestorer,
  takeChanges,
} from "../../../services/processor/state_codec.ts";
import {
  applyEvent,
  drain,
  newTaskState,
  type TaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";
import { at, cart, purchase, search, view } from "./events.ts";

function restore(log: { key: string; value: string | null }[]): StateRestorer {
  const restorer = new StateRestorer({ latenessMs: 30_000 });
  for (const entry of log) restorer.apply(entry.key, entry.value);
  return restorer;
}

function finals(state: TaskState) {
  const closed: WindowAcc[] = [];
  drain(state, closed);
  return closed.map((w) => [w.start, windowData(w)]);
}

Deno.test("state restored from the changelog continues exactly like the original", () => {
  const first = [
    search(at(1), "s1", "rpg"),
    cart(at(2), "s1"),
    view(at(3), "s2"),
    view(at(70), "s2"),
    view(at(100), "s3"),
  ];
  const second = [
    view(at(110), "s1"),
    purchase(at(130), "s2"),
    view(at(200), "s4"),
  ];
  const original = newTaskState(30_000);
  const log: { key: string; value: string | null }[] = [];
  for (const e of first) {
    applyEvent(original, e, Date.parse(e.timestamp), []);
  }
  log.push(...takeChanges(original, [5, 0, 1, 0, 1]));

  const restorer = restore(log);
  assert.deepEqual(restorer.meta?.positions, [5, 0, 1, 0, 1]);
  const copy = restorer.state;
  // Every window the second batch closes was open when the changelog was
  // written: a restore that lost their contents shows here, not in finals().
  const closedByOriginal: WindowAcc[] = [];
  const closedByCopy: WindowAcc[] = [];
  for (const e of second) {
    applyEvent(original, e, Date.parse(e.timestamp), closedByOriginal);
    applyEvent(copy, e, Date.parse(e.timestamp), closedByCopy);
  }
  const contents = (windows: WindowAcc[]) =>
    windows.map((w) => [w.start, windowData(w)]);
  assert.ok(
    closedByOriginal.some((w) => w.start === at(60)),
    "the second batch closes the window open at the changelog write",
  );
  assert.deepEqual(contents(closedByCopy), contents(closedByOriginal));
  assert.deepEqual(finals(copy), finals(original));
});

Deno.test("a restored session keeps its funnel steps and its cart's value", () => {
  const original = newTaskState(30_000);
  for (const e of [view(at(50), "s1"), cart(at(55), "s1")]) {
    applyEvent(original, e, Date.parse(e.timestamp), []);
  }
  const copy = restore(takeChanges(original, [0])).state;
  assert.deepEqual(openCarts(copy), openCarts(original));
  assert.ok(openCarts(copy).cents > 0);
  // A view in the next minute must not count the session again after a restart.
  for (const state of [original, copy]) {
    applyEvent(state, view(at(70), "s1"), at(70), []);
  }
  const restored = finals(copy);
  assert.deepEqual(restored, finals(original));
  const viewed = restored.map(([, data]) =>
    (data as ReturnType<typeof windowData>).conversion_funnel.viewed
  );
  assert.deepEqual(viewed.slice(0, 2), [1, 0]);
  assert.equal(viewed.reduce((a, b) => a + b, 0), 1);
});

Deno.test("closed windows and ended sessions become tombstones", () => {
  const state = newTaskState(30_000);
  applyEvent(state, view(at(1), "s1"), at(1), []);
  const log = takeChanges(state, [0]);
  drain(state, []);
  log.push(...takeChanges(state, [1]));
  assert.ok(log.some((e) => e.key.startsWith("w:") && e.value === null));
  assert.ok(log.some((e) => e.key === "s:s1" && e.value === null));
  const restored = restore(log).state;
  assert.equal(restored.windows.size, 0);
  assert.equal(restored.sessions.size, 0);
  assert.equal(restored.frontier, state.frontier);
});

Deno.test("takeChanges() writes only what changed since the last call", () => {
  const state = newTaskState(30_000);
  applyEvent(state, view(at(1), "s1"), at(1), []);
  takeChanges(state, [0]);
  applyEvent(state, view(at(2), "s2"), at(2), []);
  const keys = takeChanges(state, [0]).map((e) => e.key).sort();
  assert.deepEqual(keys, ["meta", "s:s2", `w:${at(0)}`]);
});

import assert from "node:assert/strict";
import { windowData } from "../../../services/processor/records.ts";
import {
  type ChangelogEntry,
  checkEntrySize,
  MAX_ENTRY_BYTES,
  StateRestorer,
  takeChanges,
} from "../../../services/processor/state_codec.ts";
import {
  applyEvent,
  newTaskState,
  type TaskState,
} from "../../../services/processor/task_state.ts";
import { at, cart, search, view } from "./events.ts";

const utf8 = new TextEncoder();

function entryBytes(entry: ChangelogEntry): number {
  return utf8.encode(entry.key).length +
    (entry.value === null ? 0 : utf8.encode(entry.value).length);
}

function sessionId(i: number): string {
  return `0000000${i}`.slice(-8) + "-4e1c-4b7a-9c2d-7f3e5a1b9c0d";
}

function restored(log: ChangelogEntry[]): TaskState {
  const restorer = new StateRestorer({ latenessMs: 30_000 });
  for (const entry of log) restorer.apply(entry.key, entry.value);
  return restorer.state;
}

Deno.test("a window with 60,000 sessions writes changelog entries under 1 MB and restores", () => {
  const state = newTaskState(30_000);
  for (let i = 0; i < 60_000; i++) {
    const t = at(i % 60);
    applyEvent(state, view(t, sessionId(i)), t, []);
    if (i % 3 === 0) applyEvent(state, cart(t, sessionId(i)), t, []);
  }
  const log = takeChanges(state, [60_000, 0, 20_000, 0, 0]);
  const largest = Math.max(...log.map(entryBytes));
  assert.ok(largest < MAX_ENTRY_BYTES, `largest entry ${largest} bytes`);
  const window = log.find((e) => e.key === `w:${at(0)}`)!;
  assert.ok(entryBytes(window) < 10_000, `window ${entryBytes(window)} bytes`);

  const copy = restored(log);
  const original = windowData(state.windows.get(at(0))!);
  assert.deepEqual(windowData(copy.windows.get(at(0))!), original);
  assert.equal(original.conversion_funnel.viewed, 60_000);
  assert.equal(original.conversion_funnel.carted, 20_000);
  // Membership survives the restore: a repeated view counts no new session.
  const t = at(30);
  applyEvent(copy, view(t, sessionId(7)), t, []);
  assert.equal(
    windowData(copy.windows.get(at(0))!).conversion_funnel.viewed,
    60_000,
  );
});

Deno.test("a window with 60,000 distinct queries is split into parts under 1 MB and restores", () => {
  const state = newTaskState(30_000);
  for (let i = 0; i < 60_000; i++) {
    const t = at(i % 60);
    const query = `query number ${i} with a few more words to make it long`;
    applyEvent(state, search(t, sessionId(i), query, []), t, []);
  }
  const log = takeChanges(state, [0, 0, 0, 0, 60_000]);
  assert.ok(log.every((e) => entryBytes(e) < MAX_ENTRY_BYTES));
  const parts = log.filter((e) => e.key.startsWith(`w:${at(0)}#`));
  assert.ok(parts.length >= 2, `${parts.length} parts`);
  const copy = restored(log);
  assert.deepEqual(
    windowData(copy.windows.get(at(0))!),
    windowData(state.windows.get(at(0))!),
  );

  // Closing the window tombstones its head and every part.
  state.windows.delete(at(0));
  state.dirtyWindows.add(at(0));
  const closing = takeChanges(state, [0, 0, 0, 0, 60_000]);
  const tombstones = closing.filter((e) =>
    e.key.startsWith(`w:${at(0)}`) && e.value === null
  );
  assert.equal(tombstones.length, parts.length + 1);
  assert.equal(restored([...log, ...closing]).windows.size, 0);
});

Deno.test("checkEntrySize() throws a clear error for an entry over the record limit", () => {
  // The session caps keep real sessions far below the limit
  // (session_bounds_test.ts), so the check is driven directly.
  assert.throws(
    () => checkEntrySize({ key: "s:hoarder", value: "x".repeat(1_100_000) }),
    (error: Error) =>
      error instanceof RangeError &&
      /Cannot write changelog entry s:hoarder: \d+ bytes is over the 1000000-byte record limit/
        .test(error.message),
  );
});

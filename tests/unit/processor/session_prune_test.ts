import assert from "node:assert/strict";
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import { generateEvents } from "../../../services/producer/model/generate.ts";
import { windowData } from "../../../services/processor/records.ts";
import { takeChanges } from "../../../services/processor/state_codec.ts";
import {
  applyEvent,
  drain,
  newTaskState,
  type TaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";

const time = (event: StoreEvent) => Date.parse(event.timestamp);

/**
 * A generated sequence in which every fifth event arrives up to 25 s late
 * (within the allowed lateness), so out-of-order attribution across frontier
 * moves is exercised too.
 */
function sequence(count: number): StoreEvent[] {
  const events = [...generateEvents({ seed: 11, count, rate: 40 })];
  const handledAt = (event: StoreEvent, i: number) =>
    time(event) + (i % 5 === 0 ? (i * 7919) % 25_000 : 0);
  return events
    .map((event, i) => ({ event, at: handledAt(event, i) }))
    .sort((a, b) => a.at - b.at)
    .map(({ event }) => event);
}

interface Run {
  state: TaskState;
  windows: Record<number, unknown>;
  peakSessions: number;
  late: number;
  tombstones: number;
}

function run(events: StoreEvent[], prune: boolean): Run {
  const state = newTaskState(30_000);
  state.prune = prune;
  const closed: WindowAcc[] = [];
  let peakSessions = 0;
  let late = 0;
  let tombstones = 0;
  for (const [i, event] of events.entries()) {
    if (!applyEvent(state, event, time(event), closed)) late++;
    peakSessions = Math.max(peakSessions, state.sessions.size);
    if (i % 1000 === 999) {
      tombstones += takeChanges(state, [0]).filter((e) =>
        e.key.startsWith("s:") && e.value === null
      ).length;
    }
  }
  const windows = Object.fromEntries(
    closed.map((acc) => [acc.start, windowData(acc)]),
  );
  drain(state, closed);
  const all = Object.fromEntries(
    closed.map((acc) => [acc.start, windowData(acc)]),
  );
  return {
    state,
    windows: { ...windows, ...all },
    peakSessions,
    late,
    tombstones,
  };
}

const events = sequence(40_000);
const pruned = run(events, true);
const unpruned = run(events, false);

Deno.test("pruning sessions changes no window's data on a generated sequence", () => {
  const count = Object.keys(unpruned.windows).length;
  assert.ok(count > 30, `${count} windows`);
  assert.equal(pruned.late, unpruned.late);
  assert.deepEqual(pruned.windows, unpruned.windows);
});

Deno.test("pruning drops only sessions that reached no funnel step, and writes their tombstones", () => {
  // A session that reached a step stays until it ends (30 minutes of event
  // time after its last event), so that a later event does not count it again.
  assert.ok(pruned.peakSessions <= unpruned.peakSessions);
  assert.ok(pruned.tombstones > unpruned.tombstones);
  for (const session of pruned.state.sessions.values()) {
    assert.ok(session.steps.length === 0 || session.steps.length === 4);
  }
});

Deno.test("a live session stays small in the changelog once pruned", () => {
  const state = newTaskState(30_000);
  const closed: WindowAcc[] = [];
  for (const event of events.slice(0, 20_000)) {
    applyEvent(state, event, time(event), closed);
  }
  const sessions = takeChanges(state, [0]).filter((e) =>
    e.key.startsWith("s:") && e.value !== null
  );
  assert.equal(sessions.length, state.sessions.size);
  const chars = sessions.reduce((sum, e) => sum + e.value!.length, 0);
  const perSession = chars / sessions.length;
  assert.ok(perSession < 400, `${perSession.toFixed(0)} chars per session`);
  for (const session of state.sessions.values()) {
    const times = [...session.views, ...session.purchases]
      .filter((_, i) => i % 3 === 1) as number[];
    for (const at of times) {
      assert.ok(
        at >= state.frontier!,
        "view or purchase before the frontier kept",
      );
    }
  }
});

Deno.test("a new session costs under 700 bytes of heap at the soak's rate", async () => {
  const probe = new URL("./session_heap_probe.ts", import.meta.url);
  const config = new URL("../../../deno.json", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--config",
      config.pathname,
      "--v8-flags=--expose-gc",
      probe.pathname,
      "60000",
    ],
  }).output();
  const decoder = new TextDecoder();
  assert.equal(code, 0, decoder.decode(stderr));
  const { sessions, bytesPerSession } = JSON.parse(decoder.decode(stdout));
  assert.ok(sessions > 20_000, `${sessions} sessions`);
  // 1,040 bytes before sessions were made compact (measured the same way).
  assert.ok(bytesPerSession < 700, `${bytesPerSession} bytes per session`);
});

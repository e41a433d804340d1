import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { AssignerProtocol } from "kafkajs";
import type { GroupSnapshot } from "../../../services/monitor/group_status.ts";
import { Monitor } from "../../../services/dashboard/monitor.ts";
import type { MonitorState } from "../../../lib/monitor_types.ts";
import { createLogger } from "../../../shared/log.ts";
import type { VerifyResult } from "../../../shared/verify_result.ts";

const T0 = Date.parse("2026-11-22T20:15:00.000Z");
const OWNS_T0 = AssignerProtocol.MemberAssignment.encode({
  version: 1,
  assignment: { t: [0] },
  userData: Buffer.alloc(0),
});

/** A processor that commits up to `committed` on partition 0 of one topic with end offset `high`. */
function snapshot(
  at: number,
  high: number,
  committed: number,
  members = 1,
): GroupSnapshot {
  return {
    at,
    groupId: "g",
    state: members ? "Stable" : "Empty",
    protocol: "p",
    members: members
      ? [{
        memberId: "m1",
        clientId: "proc",
        clientHost: "/h",
        memberAssignment: OWNS_T0,
      }]
      : [],
    partitions: [{ topic: "t", partition: 0, low: 0, high }],
    committed: { t: { 0: committed } },
  };
}

function monitor(polls: (GroupSnapshot | Error)[], clock: { now: number }) {
  const published: MonitorState[] = [];
  const m = new Monitor({
    poll: () => {
      const next = polls.shift()!;
      return next instanceof Error
        ? Promise.reject(next)
        : Promise.resolve(next);
    },
    index: () => ({}),
    onState: (s) => published.push(s),
    stallMs: 10_000,
    logger: createLogger("test", "silent"),
    now: () => clock.now,
  });
  return { m, published };
}

Deno.test("Monitor raises a stall from successive polls, publishes it, and clears it when commits resume", async () => {
  const clock = { now: T0 };
  const polls = [
    snapshot(T0, 100, 100),
    snapshot(T0 + 5_000, 150, 100),
    snapshot(T0 + 16_000, 200, 100, 0),
    snapshot(T0 + 19_000, 210, 205),
  ];
  const { m, published } = monitor(polls, clock);
  const rules = async (ms: number) => {
    clock.now = T0 + ms;
    return (await m.tick()).alerts.map((a) => a.rule);
  };
  assert.deepEqual(await rules(0), []);
  assert.deepEqual(await rules(5_000), []);
  assert.deepEqual(await rules(16_000), ["partition_stalled", "no_members"]);
  const raised = m.current().alerts[0];
  assert.equal(raised.since, new Date(T0 + 16_000).toISOString());
  assert.deepEqual(raised.partitions, ["t/0"]);
  assert.deepEqual(await rules(19_000), []);
  assert.deepEqual(m.current().cleared.map((c) => c.rule).sort(), [
    "no_members",
    "partition_stalled",
  ]);
  assert.equal(published.length, 4);
  assert.equal(published.at(-1), m.current());
});

Deno.test("Monitor keeps the last poll and reports the error when the broker cannot be read", async () => {
  const clock = { now: T0 };
  const { m } = monitor(
    [snapshot(T0, 5, 5), new Error("Connection timeout")],
    clock,
  );
  await m.tick();
  const state = await m.tick();
  assert.equal(state.poll_error, "Connection timeout");
  assert.equal(state.group?.polled_at, T0);
});

Deno.test("Monitor.stop() does not wait for a poll that hangs longer than its bound", async () => {
  const hanging = Promise.withResolvers<GroupSnapshot>();
  const called = Promise.withResolvers<void>();
  const m = new Monitor({
    poll: () => {
      called.resolve();
      return hanging.promise;
    },
    index: () => ({}),
    onState: () => {},
    logger: createLogger("test", "silent"),
  });
  m.start();
  await called.promise;
  const started = Date.now();
  await m.stop(50);
  assert.ok(Date.now() - started < 1_000);
  hanging.resolve(snapshot(T0, 1, 1));
});

Deno.test("Monitor carries the last verify result with each evaluation", async () => {
  const clock = { now: T0 };
  let verify: VerifyResult | null = null;
  const m = new Monitor({
    poll: () => Promise.resolve(snapshot(clock.now, 5, 5)),
    verify: () => Promise.resolve(verify),
    index: () => ({}),
    onState: () => {},
    stallMs: 10_000,
    logger: createLogger("test", "silent"),
    now: () => clock.now,
  });
  assert.equal((await m.tick()).verify, null);
  verify = {
    at: "2026-11-22T20:15:02.000Z",
    prefix: "",
    expect: "exact",
    ok: true,
    extra: 0,
    lost: 0,
    compared: 60,
    summary: "OK",
    failures: [],
  };
  assert.equal((await m.tick()).verify, verify);
});

import assert from "node:assert/strict";
import type { GroupView, MemberView } from "../../../lib/kafka_types.ts";
import {
  allOwned,
  describeOwners,
  owners,
} from "../../../services/labs/members.ts";
import { crashLab } from "../../../services/labs/labs/crash.ts";
import type { Snapshot } from "../../../services/labs/model.ts";

function member(instance: string, parts: number[]): MemberView {
  return {
    member_id: `m-${instance}`,
    client_id: `analytics-playground-processor-${instance}`,
    client_host: "/127.0.0.1",
    assignment: { "store.game-views": parts, "store.searches": parts },
  };
}

function group(members: MemberView[], committed = 0): GroupView {
  return {
    group_id: "g",
    state: "Stable",
    protocol: "task",
    members,
    lag: [0, 1, 2].map((partition) => ({
      topic: "store.game-views",
      partition,
      committed,
      low: 0,
      high: 10,
      lag: 10 - committed,
      owner: null,
      stuck_since: null,
      stalled: false,
      unowned: false,
    })),
    total_lag: 0,
    polled_at: 0,
    consumed_per_s: null,
    produced_per_s: null,
  };
}

function snapshot(g: GroupView, at = 0): Snapshot {
  return {
    at,
    group: g,
    alerts: [],
    replication: [],
    ends: {},
    verify: null,
    probes: {},
  };
}

Deno.test("owners() names members by instance id with their task indices", () => {
  const g = group([member("proc-b", [1]), member("proc-a", [0, 2])]);
  assert.equal(describeOwners(owners(g)), "proc-a 0,2 + proc-b 1");
  assert.equal(allOwned(g), true);
  assert.equal(allOwned(group([member("proc-a", [0, 2])])), false);
  assert.equal(
    describeOwners(owners(group([member("idle", [])]))),
    "idle (idle)",
  );
});

Deno.test("lab 3's takeover step needs one member owning everything and commits moving", () => {
  const step = crashLab.steps[2];
  const before = snapshot(group([member("proc-b", [2])], 3));
  const same = snapshot(group([member("proc-b", [0, 1, 2])], 3));
  const moved = snapshot(group([member("proc-b", [0, 1, 2])], 5));
  assert.equal(step.expect({ start: before, now: same }).ok, false);
  const seen = step.expect({ start: before, now: moved });
  assert.equal(seen.ok, true);
  assert.match(seen.detail, /proc-b 0,1,2/);
});

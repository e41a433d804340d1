import assert from "node:assert/strict";
import type { GroupView, MemberView } from "../../../lib/kafka_types.ts";
import {
  memberLeft,
  membersShare,
} from "../../../services/labs/labs/group_checks.ts";
import type { Snapshot } from "../../../services/labs/model.ts";

const TOPICS = ["p.store.game-views", "p.store.purchases"];

function member(instance: string, tasks: number[]): MemberView {
  return {
    member_id: `game-store-analytics-processor-${instance}-${instance.length}`,
    client_id: `game-store-analytics-processor-${instance}`,
    client_host: "/127.0.0.1",
    assignment: Object.fromEntries(TOPICS.map((t) => [t, tasks])),
  };
}

function snapshot(members: MemberView[], state = "Stable"): Snapshot {
  const group: GroupView = {
    group_id: "p.analytics-processor",
    state,
    protocol: "CoPartitionedSticky",
    members,
    lag: TOPICS.flatMap((topic) =>
      [0, 1, 2].map((partition) => ({
        topic,
        partition,
        committed: 10,
        low: 0,
        high: 10,
        lag: 0,
        owner: null,
        stuck_since: null,
        stalled: false,
        unowned: false,
      }))
    ),
    total_lag: 0,
    polled_at: 0,
    consumed_per_s: null,
    produced_per_s: null,
  };
  return {
    at: 0,
    group,
    alerts: [],
    replication: [],
    ends: {},
    verify: null,
    probes: {},
  };
}

const A = member("proc-a", [0, 1, 2]);

Deno.test("membersShare() says which tasks moved when a second member joined", () => {
  const result = membersShare({
    start: snapshot([A]),
    now: snapshot([member("proc-a", [0, 2]), member("proc-b", [1])]),
  }, 2);
  assert.deepEqual(result, {
    ok: true,
    detail:
      "a second member joined; tasks moved: proc-a 0,1,2 → proc-a 0,2 + proc-b 1",
  });
});

Deno.test("membersShare() waits while the group rebalances", () => {
  const result = membersShare({
    start: snapshot([A]),
    now: snapshot([A, member("proc-b", [])], "PreparingRebalance"),
  }, 2);
  assert.equal(result.ok, false);
  assert.match(result.detail, /rebalancing \(PreparingRebalance\)/);
});

Deno.test("membersShare() waits for the second member, then for an even spread", () => {
  const one = membersShare({ start: snapshot([A]), now: snapshot([A]) }, 2);
  assert.equal(one.ok, false);
  assert.match(one.detail, /^1 member\(s\) \(proc-a 0,1,2\), waiting for 2/);
  const uneven = membersShare({
    start: snapshot([A]),
    now: snapshot([A, member("proc-b", [])]),
  }, 2);
  assert.equal(uneven.ok, false);
  assert.match(
    uneven.detail,
    /not spread evenly yet \(proc-a 0,1,2 \+ proc-b none\)/,
  );
});

Deno.test("membersShare() waits while a task has no owner, or two", () => {
  const orphan = membersShare({
    start: snapshot([A]),
    now: snapshot([member("proc-a", [0]), member("proc-b", [1])]),
  }, 2);
  assert.match(orphan.detail, /tasks 2 have no owner yet/);
  const twice = membersShare({
    start: snapshot([A]),
    now: snapshot([member("proc-a", [0, 1, 2]), member("proc-b", [1])]),
  }, 2);
  assert.match(twice.detail, /a task has two owners/);
});

Deno.test("membersShare() names the member that idles once members outnumber the tasks", () => {
  const three = [
    member("proc-a", [0]),
    member("proc-b", [2]),
    member("proc-c", [1]),
  ];
  const result = membersShare({
    start: snapshot(three),
    now: snapshot([...three, member("proc-d", [])]),
  }, 4);
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    /^a fourth member joined and proc-d idles: 3 partitions per topic make 3 tasks, one owner each; .* → proc-a 0 \+ proc-b 2 \+ proc-c 1 \+ proc-d none$/,
  );
});

Deno.test("memberLeft() says where the departed member's task went", () => {
  const before = [
    member("proc-a", [0]),
    member("proc-b", [2]),
    member("proc-c", [1]),
    member("proc-d", []),
  ];
  const still = memberLeft({ start: snapshot(before), now: snapshot(before) });
  assert.equal(still.ok, false);
  assert.match(still.detail, /4 member\(s\) .*waiting for 3/);
  const after = [
    member("proc-a", [0]),
    member("proc-c", [1]),
    member("proc-d", [2]),
  ];
  const result = memberLeft({ start: snapshot(before), now: snapshot(after) });
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    /^proc-b left the group; task 2 moved to proc-d \(it was idle\): /,
  );
});

Deno.test("membersShare() says to run one worker per processor when workers show up as members", () => {
  const result = membersShare({
    start: snapshot([]),
    now: snapshot([member("proc-a-w0", [0, 1]), member("proc-a-w1", [2])]),
  }, 1);
  assert.equal(result.ok, false);
  assert.match(
    result.detail,
    /^2 member\(s\) \(proc-a-w0 0,1 \+ proc-a-w1 2\), waiting for 1; each worker thread is a member: start the processors with --workers 1$/,
  );
});

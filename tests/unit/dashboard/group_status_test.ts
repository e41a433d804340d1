import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { AssignerProtocol } from "kafkajs";
import {
  type GroupSnapshot,
  type GroupTrack,
  trackGroup,
} from "../../../services/monitor/group_status.ts";

const T0 = Date.parse("2026-11-22T20:15:00.000Z");
const encoded = (assignment: Record<string, number[]>) =>
  AssignerProtocol.MemberAssignment.encode({
    version: 1,
    assignment,
    userData: Buffer.alloc(0),
  });

const member = (id: string, assignment: Record<string, number[]> | null) => ({
  memberId: id,
  clientId: `client-${id}`,
  clientHost: "/127.0.0.1",
  memberAssignment: assignment ? encoded(assignment) : Buffer.alloc(0),
});

/** A poll at `seconds` after T0 of topic `t` with `highs.length` partitions. */
function poll(
  seconds: number,
  highs: number[],
  committed: (number | null)[],
  members = [member("a", { t: [0, 1, 2] })],
  state = "Stable",
): GroupSnapshot {
  const commits: Record<number, number> = {};
  committed.forEach((c, p) => {
    if (c !== null) commits[p] = c;
  });
  return {
    at: T0 + seconds * 1000,
    groupId: "g",
    state,
    protocol: "CoPartitionedSticky",
    members,
    partitions: highs.map((high, partition) => ({
      topic: "t",
      partition,
      low: 0,
      high,
    })),
    committed: { t: commits },
  };
}

/** Folds the polls in order, as the monitor does. */
function fold(polls: GroupSnapshot[], stallMs = 30_000): GroupTrack {
  let track: GroupTrack | undefined;
  for (const p of polls) track = trackGroup(track, p, { stallMs });
  return track!;
}

const flags = (track: GroupTrack, key: "stalled" | "unowned") =>
  track.view.lag.map((p) => p[key]);

Deno.test("trackGroup() computes lag per partition from the high watermark and the committed offset", () => {
  const { view } = fold([poll(0, [100, 50, 7], [40, 50, 0])]);
  assert.deepEqual(view.lag.map((p) => p.lag), [60, 0, 7]);
  assert.equal(view.total_lag, 67);
  assert.deepEqual(view.lag.map((p) => p.owner), ["a", "a", "a"]);
  assert.equal(view.consumed_per_s, null, "no rate from one poll");
});

Deno.test("trackGroup() counts a never-committed partition's lag from the low watermark and stalls it after the window", () => {
  const polls = [0, 10, 20, 31].map((s) => poll(s, [5, 0, 0], [null, 0, 0]));
  polls[3].partitions[0].low = 2;
  let track: GroupTrack | undefined;
  const stalled: boolean[] = [];
  for (const p of polls) {
    track = trackGroup(track, p, { stallMs: 30_000 });
    stalled.push(track.view.lag[0].stalled);
  }
  assert.deepEqual(stalled, [false, false, false, true]);
  assert.equal(track!.view.lag[0].committed, null);
  assert.equal(track!.view.lag[0].lag, 3);
  assert.equal(track!.view.lag[0].stuck_since, T0);
});

Deno.test("trackGroup() marks a partition stalled only after lag with no committed progress for the whole window", () => {
  const moving = fold([
    poll(0, [100, 10, 10], [90, 10, 10]),
    poll(20, [200, 10, 10], [150, 10, 10]),
    poll(40, [300, 10, 10], [250, 10, 10]),
  ]);
  assert.deepEqual(flags(moving, "stalled"), [false, false, false]);

  const stuck = fold([
    poll(0, [100, 10, 10], [90, 10, 10]),
    poll(20, [200, 10, 10], [90, 10, 10]),
    poll(29, [250, 10, 10], [90, 10, 10]),
  ]);
  assert.deepEqual(flags(stuck, "stalled"), [false, false, false]);
  const later = trackGroup(stuck, poll(30, [260, 10, 10], [90, 10, 10]));
  assert.deepEqual(flags(later, "stalled"), [true, false, false]);
  assert.equal(later.view.lag[0].stuck_since, T0);
});

Deno.test("trackGroup() starts the stall clock when lag appears on a quiet partition, not at its last commit", () => {
  const track = fold([
    poll(0, [10, 0, 0], [10, 0, 0]),
    poll(100, [10, 0, 0], [10, 0, 0]),
    poll(110, [12, 0, 0], [10, 0, 0]),
    poll(130, [15, 0, 0], [10, 0, 0]),
  ]);
  assert.equal(track.view.lag[0].stuck_since, T0 + 110_000);
  assert.equal(track.view.lag[0].stalled, false);
  const cleared = trackGroup(track, poll(140, [15, 0, 0], [15, 0, 0]));
  assert.equal(cleared.view.lag[0].stuck_since, null);
});

Deno.test("trackGroup() clears a stall as soon as the committed offset moves", () => {
  const stalled = fold([
    poll(0, [100, 0, 0], [50, 0, 0]),
    poll(40, [120, 0, 0], [50, 0, 0]),
  ]);
  assert.equal(stalled.view.lag[0].stalled, true);
  const resumed = trackGroup(stalled, poll(43, [130, 0, 0], [51, 0, 0]));
  assert.equal(resumed.view.lag[0].stalled, false);
  assert.equal(resumed.view.lag[0].stuck_since, T0 + 43_000);
});

Deno.test("trackGroup() marks the partitions of a topic with more partitions than assignments unowned", () => {
  const { view } = fold([
    poll(0, [1, 1, 1, 1], [1, 1, 1, 1], [
      member("a", { t: [0, 1] }),
      member("b", { t: [2] }),
    ]),
  ]);
  assert.equal(view.lag.length, 4, "every partition is shown");
  assert.deepEqual(view.lag.map((p) => p.owner), ["a", "a", "b", null]);
  assert.deepEqual(view.lag.map((p) => p.unowned), [false, false, false, true]);
});

Deno.test("trackGroup() does not call partitions unowned while the group rebalances or has no members", () => {
  const rebalancing = fold([
    poll(
      0,
      [5, 5, 5],
      [5, 5, 5],
      [member("a", null), member("b", null)],
      "PreparingRebalance",
    ),
  ]);
  assert.deepEqual(flags(rebalancing, "unowned"), [false, false, false]);
  assert.deepEqual(rebalancing.view.lag.map((p) => p.owner), [
    null,
    null,
    null,
  ]);
  assert.equal(rebalancing.view.members.length, 2);

  const empty = fold([poll(0, [5, 5, 5], [0, 0, 0], [], "Empty")]);
  assert.deepEqual(flags(empty, "unowned"), [false, false, false]);
  assert.equal(empty.view.members.length, 0);

  const settled = trackGroup(
    rebalancing,
    poll(3, [5, 5, 5], [5, 5, 5], [
      member("a", { t: [0, 1] }),
      member("b", { t: [] }),
    ]),
  );
  assert.deepEqual(flags(settled, "unowned"), [false, false, true]);
});

Deno.test("trackGroup() keeps counting a stall through a rebalance", () => {
  const track = fold([
    poll(0, [100, 0, 0], [50, 0, 0]),
    poll(
      15,
      [110, 0, 0],
      [50, 0, 0],
      [member("a", null)],
      "CompletingRebalance",
    ),
    poll(
      31,
      [120, 0, 0],
      [50, 0, 0],
      [member("a", null)],
      "PreparingRebalance",
    ),
  ]);
  assert.equal(track.view.lag[0].stalled, true);
  assert.equal(track.view.lag[0].unowned, false);
});

Deno.test("trackGroup() does not judge owners when a member's assignment cannot be decoded", () => {
  const { view } = fold([
    poll(0, [1, 1, 1], [1, 1, 1], [{
      ...member("a", null),
      memberAssignment: Buffer.from("garbage!"),
    }]),
  ]);
  assert.ok(view.members[0].assignment_error);
  assert.deepEqual(view.lag.map((p) => p.unowned), [false, false, false]);
});

Deno.test("trackGroup() measures consumed and produced rates over the window, falling to zero when commits stop", () => {
  let track = fold([
    poll(0, [0, 0, 0], [0, 0, 0]),
    poll(5, [50, 50, 0], [50, 40, 0]),
    poll(10, [100, 100, 0], [100, 90, 0]),
  ]);
  assert.equal(track.view.consumed_per_s, 19);
  assert.equal(track.view.produced_per_s, 20);
  for (const s of [15, 20, 25, 30]) {
    track = trackGroup(track, poll(s, [100 + s, 100, 0], [100, 90, 0]));
  }
  assert.equal(track.view.consumed_per_s, 0);
  assert.equal(track.view.produced_per_s, 1);
  assert.ok(track.samples.length <= 5, "old samples are dropped");
});

Deno.test("trackGroup() does not count a first commit as records consumed", () => {
  const track = fold([
    poll(0, [1000, 0, 0], [null, 0, 0]),
    poll(5, [1000, 0, 0], [1000, 0, 0]),
  ]);
  assert.equal(track.view.consumed_per_s, 0);
});

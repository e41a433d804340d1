import assert from "node:assert/strict";
import { createPartitionCache } from "../../../shared/partitioning.ts";
import {
  coPartitioned,
  scattered,
} from "../../../services/labs/labs/partition_checks.ts";
import type { StoreRow } from "../../../services/labs/probes.ts";

const VIEWS = "p.store.game-views";
const CARTS = "p.store.cart-events";
const THREE = { [VIEWS]: 3, [CARTS]: 3 };
const hash3 = createPartitionCache(3);
const T0 = Date.parse("2026-11-22T08:00:00Z");

let offset = 0;
function row(
  topic: string,
  user: string,
  partition: number,
  second: number,
  key: string = user,
): StoreRow {
  return {
    topic,
    partition,
    offset: offset++,
    key,
    user,
    time: T0 + second * 1000,
  };
}

/** Rows where the producer put them: the partition murmur2 gives the key. */
function keyedByUser(user: string, topics: string[]): StoreRow[] {
  return topics.map((topic, i) => row(topic, user, hash3(user), i));
}

Deno.test("coPartitioned() passes when each user sits in the partition its key hashes to, on every topic", () => {
  const rows = [
    ...keyedByUser("user-1", [VIEWS, VIEWS, CARTS]),
    ...keyedByUser("user-2", [VIEWS, CARTS]),
    ...keyedByUser("user-3", [VIEWS]),
  ];
  const result = coPartitioned(rows, THREE);
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    new RegExp(
      `^user-1: 3 events on 2 topics .* partition ${
        hash3("user-1")
      } = murmur2\\("user-1"\\) % 3; each of the 2 users`,
    ),
  );
});

Deno.test("coPartitioned() waits while no user shows on two topics", () => {
  const result = coPartitioned(keyedByUser("user-1", [VIEWS, VIEWS]), THREE);
  assert.equal(result.ok, false);
  assert.match(result.detail, /no user has events on two store topics/);
});

Deno.test("coPartitioned() names a record that is not where its key hashes to", () => {
  const wrong = (hash3("user-1") + 1) % 3;
  const rows = [
    row(VIEWS, "user-1", wrong, 0),
    ...keyedByUser("user-1", [CARTS]),
  ];
  const result = coPartitioned(rows, THREE);
  assert.equal(result.ok, false);
  assert.match(
    result.detail,
    new RegExp(
      `key user-1, which murmur2 sends to partition ${hash3("user-1")}`,
    ),
  );
});

Deno.test("coPartitioned() fails topics of different partition counts, where one key lands in two partition numbers", () => {
  const hash4 = createPartitionCache(4);
  const user = Array.from({ length: 50 }, (_, i) => `user-${i}`)
    .find((u) => hash3(u) !== hash4(u))!;
  const rows = [
    row(VIEWS, user, hash3(user), 0),
    row(CARTS, user, hash4(user), 1),
  ];
  const result = coPartitioned(rows, { [VIEWS]: 3, [CARTS]: 4 });
  assert.equal(result.ok, false);
  assert.match(
    result.detail,
    /\(3 partitions\).*\(4 partitions\).*same partition count/,
  );
});

Deno.test("coPartitioned() ignores records keyed at random and waits for keyed ones", () => {
  const result = coPartitioned([row(VIEWS, "user-1", 0, 0, "k-1")], THREE);
  assert.equal(result.ok, false);
  assert.match(result.detail, /no events keyed by user_id/);
});

Deno.test("scattered() passes when a user's randomly keyed events, read partition by partition, come out of order", () => {
  const rows = [
    row(VIEWS, "user-1", 0, 30, "a"),
    row(VIEWS, "user-1", 1, 10, "b"),
    row(VIEWS, "user-1", 2, 20, "c"),
    ...[0, 1, 2].map((s) => row(VIEWS, "user-2", hash3("user-2"), s)),
  ];
  const result = scattered(rows);
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    /user-1's 3 events on store.game-views sit in partitions 0, 1, 2; read partition by partition they come 08:00:30 \(p0\), 08:00:10 \(p1\), 08:00:20 \(p2\): not the order/,
  );
  assert.match(
    result.detail,
    /1 of 1 users .* split over partitions; keyed by user_id, all 1 such users' events read in the order/,
  );
});

Deno.test("scattered() waits while the randomly keyed events still read in order", () => {
  const rows = [
    row(VIEWS, "user-1", 0, 10, "a"),
    row(VIEWS, "user-1", 1, 20, "b"),
    row(VIEWS, "user-1", 2, 30, "c"),
  ];
  const result = scattered(rows);
  assert.equal(result.ok, false);
  assert.match(result.detail, /3 events keyed at random, but no user/);
});

Deno.test("scattered() waits for events keyed other than by user_id", () => {
  const result = scattered(keyedByUser("user-1", [VIEWS, VIEWS, VIEWS]));
  assert.equal(result.ok, false);
  assert.match(result.detail, /--key random/);
});

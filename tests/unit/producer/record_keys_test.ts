import assert from "node:assert/strict";
import { createPartitionCache } from "../../../shared/partitioning.ts";
import { generateRecords } from "../../../services/producer/model/generate.ts";
import { keyedRecords } from "../../../services/producer/model/record_keys.ts";

const records = () => [...generateRecords({ seed: 4, count: 3000 })];

Deno.test("keyedRecords() keeps the user_id key by default", () => {
  const out = [...keyedRecords(records(), "user_id", 4)];
  assert.deepEqual(out, records());
  for (const r of out) if (r.event) assert.equal(r.key, r.event.user_id);
});

Deno.test("keyedRecords() with random keys scatters a user's events over the partitions, values untouched", () => {
  const before = records();
  const out = [...keyedRecords(before, "random", 4)];
  assert.deepEqual(out.map((r) => r.value), before.map((r) => r.value));
  assert.equal(new Set(out.map((r) => r.key)).size, out.length);
  const partitionOf = createPartitionCache(3);
  const byUser = new Map<string, Set<number>>();
  for (const r of out) {
    if (!r.event) continue;
    const seen = byUser.get(r.event.user_id) ?? new Set();
    seen.add(partitionOf(r.key));
    byUser.set(r.event.user_id, seen);
  }
  const busy = [...byUser.values()].filter((s) => s.size > 1);
  assert.ok(busy.length > byUser.size / 2, `${busy.length}/${byUser.size}`);
});

Deno.test("keyedRecords() draws the same random keys from the same seed", () => {
  const keys = (seed: number) =>
    [...keyedRecords(records(), "random", seed)].map((r) => r.key);
  assert.deepEqual(keys(4), keys(4));
  assert.notDeepEqual(keys(4), keys(5));
});

import assert from "node:assert/strict";
import { Partitioners } from "kafkajs";
import { createPartitionCache } from "../../../shared/partitioning.ts";

Deno.test("createPartitionCache() picks the partition KafkaJS's default partitioner picks", () => {
  const partitioner = Partitioners.DefaultPartitioner();
  for (const count of [1, 3, 7]) {
    const partitionOf = createPartitionCache(count);
    const partitionMetadata = Array.from({ length: count }, (_, id) => ({
      partitionId: id,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const key = `user-${String(i).padStart(6, "0")}`;
      const expected = partitioner({
        topic: "t",
        partitionMetadata,
        message: { key, value: null },
      });
      assert.equal(partitionOf(key), expected, key);
      assert.equal(partitionOf(key), expected, `${key}, from the cache`);
      seen.add(expected);
    }
    assert.equal(seen.size, count, "keys spread over every partition");
  }
});

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { Partitioners } from "kafkajs";
import {
  groupMessagesPerPartition,
  KAFKAJS_GROUPING_PATH,
} from "../../../../shared/kafka_patches/grouping.ts";

const partitionMetadata = [0, 1, 2].map((partitionId) => ({
  partitionId,
  leader: 0,
  partitionErrorCode: 0,
  replicas: [0],
  isr: [0],
}));

Deno.test("groupMessagesPerPartition() keeps every message, in order, under the partitioner's choice", () => {
  const partitioner = Partitioners.DefaultPartitioner();
  const messages = Array.from({ length: 5000 }, (_, i) => ({
    key: `user-${i % 700}`,
    value: String(i),
  }));
  const groups = groupMessagesPerPartition({
    topic: "t",
    partitionMetadata,
    messages,
    partitioner,
  });
  assert.deepEqual(Object.keys(groups).sort(), ["0", "1", "2"]);
  for (const [partition, list] of Object.entries(groups)) {
    assert.deepEqual(
      list,
      messages.filter((message) =>
        partitioner({ topic: "t", partitionMetadata, message }) ===
          Number(partition)
      ),
    );
  }
});

Deno.test("groupMessagesPerPartition() returns nothing for a topic without partitions", () => {
  assert.deepEqual(
    groupMessagesPerPartition({
      topic: "t",
      partitionMetadata: [],
      messages: [{ key: "a", value: "1" }],
      partitioner: () => 0,
    }),
    {},
  );
});

Deno.test("installKafkaPatches() makes KafkaJS's producer module resolve to the linear grouping", () => {
  // The test task preloads shared/kafka_patches/install.ts, as services import it first.
  const require = createRequire(import.meta.url);
  assert.equal(
    require("kafkajs/src/producer/groupMessagesPerPartition.js"),
    groupMessagesPerPartition,
  );
  assert.equal(
    require.resolve("kafkajs/src/producer/groupMessagesPerPartition.js"),
    KAFKAJS_GROUPING_PATH,
  );
});

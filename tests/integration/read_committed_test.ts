import assert from "node:assert/strict";
import type { Kafka, Producer, Transaction } from "kafkajs";
import { createProducer } from "../../shared/kafka.ts";
import { createRandom } from "../../shared/random.ts";
import { ensureTopics } from "../../services/topics/ensure_topics.ts";
import { consoleConsumerValues } from "../../services/broker/tools.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

/** Reads every record of partition 0 of `topic` through KafkaJS in read_committed, until `end`. */
async function kafkaJsValues(
  kafka: Kafka,
  topic: string,
  end: number,
): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: `${topic}-reader-${crypto.randomUUID().slice(0, 6)}`,
    readUncommitted: false,
  });
  const values: string[] = [];
  const { promise: reached, resolve } = Promise.withResolvers<void>();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (Number(payload.lastOffset) >= end - 1) resolve();
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      values.push(message.value?.toString() ?? "");
      return Promise.resolve();
    },
  });
  const timer = setTimeout(() => resolve(), 30_000);
  await reached;
  clearTimeout(timer);
  await consumer.disconnect();
  return values;
}

integrationTest(
  "read_committed through KafkaJS matches Kafka's console consumer record by record with interleaved aborts",
  async () => {
    const t = await withTestTopics("readc");
    const topic = `${t.config.KAFKA_TOPIC_PREFIX}interleaved`;
    await ensureTopics(t.admin, [{
      name: topic,
      partitions: 1,
      replicationFactor: 1,
      retentionMs: 3_600_000,
      configs: {},
      purpose: "test",
    }]);
    const producers: Producer[] = [0, 1, 2].map((i) =>
      createProducer(t.kafka, {
        transactionalId: `${topic}-txn-${i}`,
        idempotent: true,
        maxInFlightRequests: 1,
      })
    );
    const random = createRandom(7);
    const committed: string[] = [];
    try {
      await Promise.all(producers.map((p) => p.connect()));
      for (let round = 0; round < 12; round++) {
        const open: { txn: Transaction; values: string[] }[] = [];
        for (const producer of producers) {
          open.push({ txn: await producer.transaction(), values: [] });
        }
        // Records of the three transactions interleave on the partition.
        for (let i = 0; i < 6; i++) {
          for (const [p, entry] of open.entries()) {
            const value = `r${round}-p${p}-${i}`;
            await entry.txn.send({
              topic,
              messages: [{ value, partition: 0 }],
            });
            entry.values.push(value);
          }
        }
        for (const entry of open) {
          if (random.chance(0.5)) await entry.txn.abort();
          else {
            await entry.txn.commit();
            committed.push(...entry.values);
          }
        }
      }
      const [{ high }] = await t.admin.fetchTopicOffsets(topic);
      const viaKafkaJs = await kafkaJsValues(t.kafka, topic, Number(high));
      const viaJava = await consoleConsumerValues(
        t.config.KAFKA_BROKERS,
        topic,
        { maxMessages: committed.length },
      );
      assert.ok(committed.length > 0 && committed.length < 12 * 18);
      assert.deepEqual(viaJava.toSorted(), committed.toSorted());
      assert.deepEqual(viaKafkaJs, viaJava);
    } finally {
      await Promise.all(producers.map((p) => p.disconnect().catch(() => {})));
      await t.cleanup();
    }
  },
);

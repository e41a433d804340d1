/**
 * Reads topics from their first offset up to the high watermark they had
 * when reading started, through a throwaway consumer group (KafkaJS has no
 * manual assignment), read-committed.
 */
import type { Admin, Kafka, KafkaMessage } from "kafkajs";

/** `lastOffset`: the batch's last offset, transaction markers included. */
export type OnBatch = (
  topic: string,
  partition: number,
  messages: KafkaMessage[],
  lastOffset: number,
) => void;

/** High watermark per partition, for each topic. */
export async function highWatermarks(
  admin: Admin,
  topics: string[],
): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>();
  for (const topic of topics) {
    const highs: number[] = [];
    for (const o of await admin.fetchTopicOffsets(topic)) {
      highs[o.partition] = Number(o.high);
    }
    result.set(topic, highs);
  }
  return result;
}

export async function readToEnd(
  kafka: Kafka,
  admin: Admin,
  ends: Map<string, number[]>,
  onBatch: OnBatch,
): Promise<void> {
  const pending = new Set<string>();
  for (const [topic, highs] of ends) {
    // A partition emptied by deleteRecords (deno task reset) has low = high:
    // nothing will ever be fetched from it.
    const lows: number[] = [];
    for (const o of await admin.fetchTopicOffsets(topic)) {
      lows[o.partition] = Number(o.low);
    }
    highs.forEach((high, partition) => {
      if (high > (lows[partition] ?? 0)) pending.add(`${topic}:${partition}`);
    });
  }
  if (pending.size === 0) return;
  const groupId = `verify-${crypto.randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTimeInMs: 250,
    readUncommitted: false,
  });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => done = resolve);
  const reached = (topic: string, partition: number, lastOffset: number) => {
    const end = ends.get(topic)?.[partition] ?? 0;
    if (lastOffset >= end - 1 && pending.delete(`${topic}:${partition}`)) {
      if (pending.size === 0) done();
    }
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...ends.keys()], fromBeginning: true });
    // Batches of only transaction markers never reach eachBatch.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const end = ends.get(payload.topic)?.[payload.partition] ?? 0;
      const last = Math.min(Number(payload.lastOffset), end - 1);
      if (payload.batchSize === 0) {
        onBatch(payload.topic, payload.partition, [], last);
      }
      reached(payload.topic, payload.partition, Number(payload.lastOffset));
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.topic)?.[batch.partition] ?? 0;
        const wanted = batch.messages.filter((m) => Number(m.offset) < end);
        const last = Math.min(Number(batch.lastOffset()), end - 1);
        if (wanted.length > 0 || last >= 0) {
          onBatch(batch.topic, batch.partition, wanted, last);
        }
        reached(batch.topic, batch.partition, Number(batch.lastOffset()));
        await Promise.resolve();
      },
    });
    await finished;
  } finally {
    await consumer.disconnect().catch(() => {});
    await admin.deleteGroups([groupId]).catch(() => {});
  }
}

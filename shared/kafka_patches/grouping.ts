/**
 * KafkaJS 2.2.4 groups the messages of a send per partition by copying the
 * partition's whole array for every message it adds: quadratic in the batch
 * (reported upstream as tulios/kafkajs#1576). This is a linear version with
 * the same result; `installKafkaPatches()` puts it into Node's module cache
 * before KafkaJS loads, so KafkaJS's producer uses it.
 */
import { createRequire } from "node:module";
// Types only: erased at run time, so KafkaJS is not loaded from here.
import type { ICustomPartitioner, Message, PartitionMetadata } from "kafkajs";

export interface GroupingInput {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  messages: Message[];
  partitioner: ReturnType<ICustomPartitioner>;
}

let calls = 0;

/** How many times the grouping ran: tests prove with it that a real send used it. */
export function groupingCalls(): number {
  return calls;
}

/** Messages per partition, each list in send order (KafkaJS's contract). */
export function groupMessagesPerPartition(
  { topic, partitionMetadata, messages, partitioner }: GroupingInput,
): Record<number, Message[]> {
  calls++;
  const groups: Record<number, Message[]> = {};
  if (partitionMetadata.length === 0) return groups;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (groups[partition] ??= []).push(message);
  }
  return groups;
}

const require = createRequire(import.meta.url);

/** Where KafkaJS's own grouping module lives; its cache entry is replaced. */
export const KAFKAJS_GROUPING_PATH = require.resolve(
  "kafkajs/src/producer/groupMessagesPerPartition.js",
);

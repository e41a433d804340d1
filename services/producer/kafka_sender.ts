/** The Kafka edge of the producer: turns a chunk of records into one `sendBatch`. */
import {
  CompressionTypes,
  type IHeaders,
  type Message,
  type Producer,
} from "kafkajs";
import { SCHEMA_VERSION } from "../../shared/schemas/events.ts";
import { EVENT_TYPES, type EventType } from "../../shared/schemas/events.ts";
import { Buffer } from "node:buffer";
import { createPartitionCache } from "../../shared/partitioning.ts";
import type { TopicNames } from "../../shared/topics.ts";
import type { ProducerRecord } from "./model/generate.ts";

const VERSION = Buffer.from(String(SCHEMA_VERSION));

// Shared, pre-encoded and per type, so that a valid record costs no header work.
const HEADERS = new Map<string, IHeaders>(
  EVENT_TYPES.map((type) => [type, {
    event_type: Buffer.from(type),
    schema_version: VERSION,
  }]),
);

function headersFor(eventType: string): IHeaders {
  return HEADERS.get(eventType) ??
    { event_type: Buffer.from(eventType), schema_version: VERSION };
}

/**
 * Makes the function that sends one chunk: idempotent, acks from all replicas,
 * snappy. `partitionCounts` holds each store topic's partition count.
 */
export function createKafkaSender(
  producer: Producer,
  names: TopicNames,
  partitionCounts: ReadonlyMap<string, number>,
): (batch: ProducerRecord[]) => Promise<void> {
  const order = EVENT_TYPES.map((type) => {
    const topic = names.events[type];
    const count = partitionCounts.get(topic);
    if (!count) throw new RangeError(`Cannot send to ${topic}: no partitions`);
    return { type, topic, partitionOf: createPartitionCache(count) };
  });
  const slot = new Map<EventType, number>(order.map((o, i) => [o.type, i]));
  return async function sendChunk(batch) {
    const perTopic: Message[][] = order.map(() => []);
    for (const record of batch) {
      const i = slot.get(record.topic)!;
      perTopic[i].push({
        key: record.key,
        partition: order[i].partitionOf(record.key),
        value: record.value,
        headers: headersFor(record.eventType),
      });
    }
    await producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.Snappy,
      topicMessages: order
        .map(({ topic }, i) => ({ topic, messages: perTopic[i] }))
        .filter((t) => t.messages.length > 0),
    });
  };
}

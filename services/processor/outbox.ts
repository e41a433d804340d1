/**
 * Output records waiting for the next transaction, and how they are cut into
 * sends that stay well under the broker's 1 MB record-batch limit.
 */
import type { Message, TopicMessages } from "kafkajs";

/**
 * Bytes per send: each partition's record batch stays below the broker's 1 MB
 * default. Larger sends are cheaper now that KafkaJS groups them in linear time
 * (shared/kafka_grouping.ts): 512 KB instead of 128 KB gave 17 % more events/s.
 */
export const SEND_CHUNK_BYTES = 512 * 1024;

function sizeOf(message: Message): number {
  const value = message.value;
  const key = message.key;
  return 64 + (value ? value.length : 0) + (key ? key.length : 0);
}

export class Outbox {
  #byTopic = new Map<string, Message[]>();
  #count = 0;
  #bytes = 0;

  add(topic: string, message: Message) {
    let list = this.#byTopic.get(topic);
    if (!list) {
      list = [];
      this.#byTopic.set(topic, list);
    }
    list.push(message);
    this.#count++;
    this.#bytes += sizeOf(message);
  }

  get count(): number {
    return this.#count;
  }

  get bytes(): number {
    return this.#bytes;
  }

  countFor(topic: string): number {
    return this.#byTopic.get(topic)?.length ?? 0;
  }

  /** Everything queued, in sends of at most `chunkBytes`; empties the outbox. */
  drain(chunkBytes = SEND_CHUNK_BYTES): TopicMessages[][] {
    const chunks: TopicMessages[][] = [];
    let chunk = new Map<string, Message[]>();
    let bytes = 0;
    const flush = () => {
      if (chunk.size === 0) return;
      chunks.push([...chunk].map(([topic, messages]) => ({ topic, messages })));
      chunk = new Map();
      bytes = 0;
    };
    for (const [topic, messages] of this.#byTopic) {
      for (const message of messages) {
        const size = sizeOf(message);
        if (bytes > 0 && bytes + size > chunkBytes) flush();
        let list = chunk.get(topic);
        if (!list) {
          list = [];
          chunk.set(topic, list);
        }
        list.push(message);
        bytes += size;
      }
    }
    flush();
    this.#byTopic.clear();
    this.#count = 0;
    this.#bytes = 0;
    return chunks;
  }
}

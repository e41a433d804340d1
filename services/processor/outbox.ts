/**
 * Output records waiting for the next transaction, and how they are cut into
 * sends that stay well under the broker's 1 MB record-batch limit.
 */
import type { Message, TopicMessages } from "kafkajs";

/**
 * Bytes per send: each partition's record batch stays below the broker's 1 MB
 * default, and few sends keep a transaction cheap (docs/processor.md has the
 * measurements behind the size).
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

  add(topic: string, message: Message) {
    let list = this.#byTopic.get(topic);
    if (!list) {
      list = [];
      this.#byTopic.set(topic, list);
    }
    list.push(message);
    this.#count++;
  }

  get count(): number {
    return this.#count;
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
    return chunks;
  }
}

/**
 * A task's writes without a transaction, for the at-least-once and
 * at-most-once drills. The state is still written to the changelog, but as
 * plain records, so it and the committed offsets can disagree after a crash:
 *
 * - at-least-once writes outputs and state at every commit and commits the
 *   input offsets after them, at most every 5 s: a crash counts again what
 *   came after the last offset commit;
 * - at-most-once commits input offsets as soon as records are fetched,
 *   before the work: a crash loses what was fetched since the last write.
 */
import type { Kafka, Producer } from "kafkajs";
import { createProducer } from "../../shared/kafka.ts";
import type { DeliverySemantics } from "../../shared/schemas/names.ts";
import { OFFSET_COMMIT_INTERVAL_MS } from "./delivery.ts";
import type { TaskCommit, TaskCommitter } from "./task_producer.ts";

/** Commits the group's offsets for one partition of each topic (the consumer's own commit). */
export type OffsetCommit = (
  topics: string[],
  partition: number,
  offsets: number[],
) => Promise<void>;

export class PlainTaskProducer implements TaskCommitter {
  readonly #producer: Producer;
  #lastOffsetCommit = Date.now();

  constructor(
    kafka: Kafka,
    readonly semantics: Exclude<DeliverySemantics, "exactly-once">,
    readonly commitOffsets: OffsetCommit,
  ) {
    // Idempotent within one producer session only: a restarted instance is
    // a new producer, so what it writes again is written twice.
    this.#producer = createProducer(kafka, {
      idempotent: true,
      maxInFlightRequests: 1,
    });
  }

  async open(): Promise<void> {
    await this.#producer.connect();
  }

  /** At-most-once commits what it fetched before it does anything with it. */
  async fetched(topic: string, partition: number, next: number) {
    if (this.semantics !== "at-most-once") return;
    await this.commitOffsets([topic], partition, [next]);
  }

  async commit(commit: TaskCommit): Promise<void> {
    if (this.semantics === "at-most-once") commit.midway();
    for (const topicMessages of commit.chunks) {
      await this.#producer.sendBatch({ topicMessages, acks: -1 });
    }
    if (this.semantics !== "at-least-once") return;
    commit.midway();
    const now = Date.now();
    if (
      !commit.final && now - this.#lastOffsetCommit < OFFSET_COMMIT_INTERVAL_MS
    ) {
      return;
    }
    await this.commitOffsets(commit.topics, commit.partition, commit.positions);
    this.#lastOffsetCommit = now;
  }

  async close(): Promise<void> {
    await this.#producer.disconnect().catch(() => {});
  }
}

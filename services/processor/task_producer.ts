/**
 * A task's transactional producer: fenced before the task does anything, and
 * one transaction per commit (outputs, changelog and input offsets together).
 */
import type { Kafka, Producer, TopicMessages } from "kafkajs";
import { createProducer } from "../../shared/kafka.ts";

export interface TaskCommit {
  /** Output sends, in order, each well under the broker's batch limit. */
  chunks: TopicMessages[][];
  groupId: string;
  /** The store topics, and the task's partition of each. */
  topics: string[];
  partition: number;
  /** Next offset to read per store topic. */
  positions: number[];
  /** The last commit before the task stops (a graceful shutdown, a drain). */
  final: boolean;
  /** Called between the commit's two halves (the drill's crash point, delivery.ts). */
  midway(): void;
}

/** How a task writes its outputs and moves its input offsets, per delivery semantics. */
export interface TaskCommitter {
  open(): Promise<void>;
  /** A fetched batch of `topic` ends before `next`, before any work on it. */
  fetched(topic: string, partition: number, next: number): Promise<void>;
  commit(commit: TaskCommit): Promise<void>;
  close(): Promise<void>;
}

const FENCED = new Set([
  "INVALID_PRODUCER_EPOCH",
  "PRODUCER_FENCED",
  "INVALID_PRODUCER_ID_MAPPING",
  "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
]);

/** Errors of the data itself: the same records fail the same way on every try. */
const DATA_ERRORS = new Set([
  "MESSAGE_TOO_LARGE",
  "RECORD_LIST_TOO_LARGE",
  "INVALID_RECORD",
  "CORRUPT_MESSAGE",
  "INVALID_TIMESTAMP",
]);

interface KafkaJsError {
  name?: string;
  type?: string;
  originalError?: unknown;
  cause?: unknown;
}

/** The error and the errors it wraps (KafkaJS nests them in `originalError`). */
function chain(error: unknown): KafkaJsError[] {
  const errors: KafkaJsError[] = [];
  let current = error as KafkaJsError | undefined;
  while (current && errors.length < 10) {
    errors.push(current);
    current = (current.originalError ?? current.cause) as
      | KafkaJsError
      | undefined;
  }
  return errors;
}

/** True when a newer owner of the transactional id fenced this producer. */
export function isFenced(error: unknown): boolean {
  return chain(error).some((e) => e.type !== undefined && FENCED.has(e.type));
}

/**
 * True when retrying cannot help: an error of our own code (a bug or a
 * pathological input) or the broker refusing the records themselves.
 * Connection losses, timeouts and coordinator moves are not.
 */
export function isDeterministic(error: unknown): boolean {
  const errors = chain(error);
  if (errors.some((e) => e.type !== undefined && DATA_ERRORS.has(e.type))) {
    return true;
  }
  return !errors.some((e) => (e.name ?? "").startsWith("KafkaJS"));
}

/** Exactly once: outputs, changelog and input offsets in one transaction. */
export class TaskProducer implements TaskCommitter {
  readonly #producer: Producer;

  constructor(
    kafka: Kafka,
    readonly transactionalId: string,
    transactionTimeout: number,
  ) {
    this.#producer = createProducer(kafka, {
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout,
    });
  }

  /**
   * Connects and fences: KafkaJS's connect() only takes a non-transactional
   * producer id, so the transactional id's InitProducerId (which bumps the
   * epoch, fencing any previous owner, and ends its open transaction) is
   * forced here by an empty transaction.
   */
  async open(): Promise<void> {
    await this.#producer.connect();
    const empty = await this.#producer.transaction();
    await empty.abort();
  }

  async fetched() {}

  async commit(commit: TaskCommit): Promise<void> {
    const transaction = await this.#producer.transaction();
    try {
      for (const topicMessages of commit.chunks) {
        await transaction.sendBatch({ topicMessages, acks: -1 });
      }
      commit.midway();
      await transaction.sendOffsets({
        consumerGroupId: commit.groupId,
        topics: commit.topics.map((topic, i) => ({
          topic,
          partitions: [{
            partition: commit.partition,
            offset: String(commit.positions[i]),
          }],
        })),
      });
      await transaction.commit();
    } catch (error) {
      if (transaction.isActive()) await transaction.abort().catch(() => {});
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#producer.disconnect().catch(() => {});
  }
}

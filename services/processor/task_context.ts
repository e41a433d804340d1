/** What every task of an instance shares: clients, config, names, and its view of the consumer. */
import type { Admin, Consumer, Kafka } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import type { Logger } from "../../shared/log.ts";
import type { TopicNames } from "../../shared/topics.ts";
import type { Delivery } from "./delivery.ts";
import type { Quarantine } from "./poison.ts";
import type { RunStats } from "./stats.ts";

export interface ConsumerControl {
  seek(topic: string, partition: number, offset: number): void;
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
  /** The group's offsets outside a transaction (at-least- and at-most-once). */
  commitOffsets(
    topics: string[],
    partition: number,
    offsets: number[],
  ): Promise<void>;
}

/** The consumer's seek, pause and resume for one topic partition at a time. */
export function consumerControl(consumer: Consumer): ConsumerControl {
  return {
    seek: (topic, partition, offset) =>
      consumer.seek({ topic, partition, offset: String(offset) }),
    pause: (topic, partition) =>
      consumer.pause([{ topic, partitions: [partition] }]),
    resume: (topic, partition) =>
      consumer.resume([{ topic, partitions: [partition] }]),
    commitOffsets: (topics, partition, offsets) =>
      consumer.commitOffsets(topics.map((topic, i) => ({
        topic,
        partition,
        offset: String(offsets[i]),
      }))),
  };
}

export interface TaskContext {
  kafka: Kafka;
  admin: Admin;
  config: Config;
  names: TopicNames;
  changelogTopic: string;
  instanceId: string;
  logger: Logger;
  /** Acts only while this task is the current owner of its index. */
  control: ConsumerControl;
  stats: RunStats;
  delivery: Delivery;
}

export interface TaskOptions {
  /**
   * Commit after every record until the committed offsets reach these, so
   * that a record that keeps failing is found (see poison.ts).
   */
  isolateUntil?: number[] | null;
  /** A record to dead-letter instead of handling: it failed the task before. */
  quarantine?: Quarantine | null;
}

export type TaskPhase = "starting" | "restoring" | "active" | "closed";

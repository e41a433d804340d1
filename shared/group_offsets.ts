/**
 * Moving a stopped consumer group's committed offsets, every topic at once.
 * KafkaJS's `admin.setOffsets` takes one topic and, for each, joins the group
 * with a consumer and waits for its first fetch (up to `maxWaitTimeInMs`, 5 s
 * by default) before it leaves: about 5 s per topic. This joins once with
 * every topic and leaves as soon as the group has assigned the partitions.
 */
import type { Kafka } from "kafkajs";
import { deadline } from "./deadline.ts";

export interface OffsetMove {
  topic: string;
  partition: number;
  /** The offset the group's next read of the partition starts from. */
  offset: string;
}

export interface CommitGroupOffsetsOptions {
  /** Give up when the group has not assigned the partitions by then. @default 30000 */
  timeoutMs?: number;
}

/**
 * Commits `moves` for `groupId`, which must have no live members (the
 * broker's rule for a commit from outside the group, as kafka-consumer-groups
 * requires too). Partitions without a move keep their committed offsets.
 */
export async function commitGroupOffsets(
  kafka: Kafka,
  groupId: string,
  moves: readonly OffsetMove[],
  options: CommitGroupOffsetsOptions = {},
): Promise<void> {
  if (moves.length === 0) return;
  const { timeoutMs = 30_000 } = options;
  await assertNoMembers(kafka, groupId);
  const topics = [...new Set(moves.map((m) => m.topic))];
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  let stopWatching = () => {};
  const joined = new Promise<void>((resolve) => {
    stopWatching = consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    // No records are wanted: every topic is paused before the first fetch
    // and nothing is committed but the moves.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async () => {},
    });
    consumer.pause(topics.map((topic) => ({ topic })));
    await deadline(joined, timeoutMs, {
      message:
        `Cannot move the offsets of group ${groupId}: it did not assign ${
          topics.join(", ")
        } within ${timeoutMs} ms`,
    });
    await consumer.commitOffsets(moves.map((m) => ({ ...m })));
  } finally {
    stopWatching();
    await consumer.disconnect().catch(() => {});
  }
}

/** Joining a live group would take partitions from its members: refuse instead. */
async function assertNoMembers(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { groups: [group] } = await admin.describeGroups([groupId]);
    const members = group?.members.length ?? 0;
    if (members > 0) {
      throw new Error(
        `Cannot move the offsets of group ${groupId}: it has ${members} live member(s); stop them first`,
      );
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

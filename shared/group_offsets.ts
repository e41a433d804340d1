/**
 * Moving a stopped consumer group's committed offsets, every topic at once.
 * KafkaJS's `admin.setOffsets` takes one topic and, for each, joins the group
 * with a consumer and waits for its first fetch (up to `maxWaitTimeInMs`, 5 s
 * by default) before it leaves: about 5 s per topic. This joins once with
 * every topic and leaves as soon as the group has assigned the partitions.
 */
import type { Admin, Kafka } from "kafkajs";
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
  const topics = [...new Set(moves.map((m) => m.topic))];
  const admin = kafka.admin();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const problem = (what: string) =>
    new Error(`Cannot move the offsets of group ${groupId}: ${what}`);
  // KafkaJS hands a failed join to its crash handler, not to run()'s caller.
  let crash: Error | undefined;
  const listeners = [
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crash = payload.error;
    }),
  ];
  const joined = new Promise<void>((resolve) => {
    listeners.push(consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  });
  try {
    await admin.connect();
    await assertNoMembers(admin, groupId, problem);
    await deadline(
      (async () => {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async () => {},
        });
        if (crash) throw problem(crash.message);
        // No fetch may run: one that found a committed offset out of range
        // would reset it to the earliest and commit that.
        consumer.pause(topics.map((topic) => ({ topic })));
        await joined;
      })(),
      timeoutMs,
      {
        message: () =>
          `Cannot move the offsets of group ${groupId}: it did not assign ${
            topics.join(", ")
          } within ${timeoutMs} ms${crash ? ` (${crash.message})` : ""}`,
      },
    );
    await consumer.commitOffsets(moves.map((m) => ({ ...m })));
    // KafkaJS skips a commit without a word once its consumer stopped: read back.
    await assertCommitted(admin, { groupId, topics, moves }, problem);
  } finally {
    for (const off of listeners) off();
    await consumer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

type Problem = (what: string) => Error;

/**
 * Joining a live group would take partitions from its members: refuse
 * instead. (A member that joins between this check and our join fails one of
 * the two joins: the group's members must share an assignment protocol.)
 */
async function assertNoMembers(
  admin: Admin,
  groupId: string,
  problem: Problem,
) {
  const { groups: [group] } = await admin.describeGroups([groupId]);
  const members = group?.members.length ?? 0;
  if (members > 0) {
    throw problem(`it has ${members} live member(s); stop them first`);
  }
}

async function assertCommitted(
  admin: Admin,
  { groupId, topics, moves }: {
    groupId: string;
    topics: string[];
    moves: readonly OffsetMove[];
  },
  problem: Problem,
) {
  const committed = new Map(
    (await admin.fetchOffsets({ groupId, topics })).flatMap((t) =>
      t.partitions.map((p) => [`${t.topic}:${p.partition}`, p.offset])
    ),
  );
  const missed = moves.filter((m) =>
    committed.get(`${m.topic}:${m.partition}`) !== m.offset
  );
  if (missed.length > 0) {
    throw problem(
      `the broker kept ${
        missed.map((m) =>
          `${m.topic}:${m.partition} at ${
            committed.get(`${m.topic}:${m.partition}`)
          } (not ${m.offset})`
        ).join(", ")
      }`,
    );
  }
}

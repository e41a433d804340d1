/**
 * The Kafka edge of `deno task dlq replay`: reads the dead-letter topic in
 * the replay tool's own group, and in one transaction per fetched batch
 * produces the selected records to their source topics and commits the
 * group's progress, so a dead letter is replayed exactly once.
 */
import type { Kafka, KafkaMessage, Message } from "kafkajs";
import { createProducer } from "../../shared/kafka.ts";
import { committedOffsets, partitionOffsets } from "../../shared/offsets.ts";
import type { TopicNames } from "../../shared/topics.ts";
import { DLQ_HEADERS } from "../processor/dead_letter.ts";
import type { DlqOptions } from "./cli.ts";
import { repairRecord } from "./repair.ts";

export interface ReplaySummary {
  /** Dead letters read. */
  seen: number;
  replayed: number;
  fixed: number;
  /** Left out by --reason or --from. */
  skipped: number;
  /** With --fix, records that stayed invalid (left out). */
  unfixable: number;
}

function header(m: KafkaMessage, name: string): string | undefined {
  const value = m.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** The record to send back for a dead letter, or why it is left out. */
function replayOf(
  m: KafkaMessage,
  dlqTopic: string,
  options: DlqOptions,
): { topic: string; message: Message; fixed: boolean } | "skip" | "unfixable" {
  const reason = header(m, DLQ_HEADERS.reason);
  const topic = header(m, DLQ_HEADERS.topic);
  if (!topic || (options.reason !== null && reason !== options.reason)) {
    return "skip";
  }
  if (options.from !== null && Number(m.timestamp) < options.from) {
    return "skip";
  }
  let value: Message["value"] = m.value;
  let fixed = false;
  if (options.fix) {
    const repair = repairRecord(m.value);
    // Unchanged, it would fail the same way again.
    if (!repair.ok || !repair.changed) return "unfixable";
    value = repair.value;
    fixed = repair.changed;
  }
  const count = Number(header(m, DLQ_HEADERS.replayCount) ?? 0) + 1;
  return {
    topic,
    fixed,
    message: {
      key: m.key,
      value,
      headers: {
        [DLQ_HEADERS.replayOf]: `${dlqTopic}:0:${m.offset}`,
        [DLQ_HEADERS.replayCount]: String(count),
      },
    },
  };
}

async function deleteGroup(kafka: Kafka, groupId: string) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => {});
  await admin.disconnect();
}

export async function replayDeadLetters(options: {
  kafka: Kafka;
  names: TopicNames;
  groupId: string;
  flags: DlqOptions;
  say: (line: string) => void;
}): Promise<ReplaySummary> {
  const { kafka, names, groupId, flags, say } = options;
  const dlq = names.deadLetter;
  const admin = kafka.admin();
  await admin.connect();
  const summary = { seen: 0, replayed: 0, fixed: 0, skipped: 0, unfixable: 0 };
  const end = (await partitionOffsets(admin, dlq))[0]?.high ?? 0;
  const start =
    (await committedOffsets(admin, groupId, [dlq])).get(dlq)?.get(0) ?? 0;
  await admin.disconnect();
  if (start >= end) return summary;
  const producer = createProducer(kafka, {
    transactionalId: `${groupId}.tx`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  // A dry run reads in a group of its own, so the replay group's progress
  // is never touched, and skips what the replay group has done.
  const readGroup = flags.dryRun
    ? `${groupId}-dry-run-${crypto.randomUUID().slice(0, 8)}`
    : groupId;
  const consumer = kafka.consumer({
    groupId: readGroup,
    readUncommitted: false,
  });
  const done = Promise.withResolvers<void>();
  try {
    await producer.connect();
    // Fences an earlier run that died mid-transaction.
    await (await producer.transaction()).abort();
    await consumer.connect();
    await consumer.subscribe({ topics: [dlq], fromBeginning: true });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (Number(payload.lastOffset) >= end - 1) done.resolve();
    });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const wanted = batch.messages.filter((m) =>
          Number(m.offset) >= start && Number(m.offset) < end
        );
        const out = new Map<string, Message[]>();
        for (const m of wanted) {
          summary.seen++;
          const replay = replayOf(m, dlq, flags);
          if (replay === "skip") summary.skipped++;
          else if (replay === "unfixable") summary.unfixable++;
          else {
            summary.replayed++;
            if (replay.fixed) summary.fixed++;
            out.set(replay.topic, [
              ...out.get(replay.topic) ?? [],
              replay.message,
            ]);
          }
        }
        if (flags.dryRun || wanted.length === 0) return;
        const next = String(Number(wanted.at(-1)!.offset) + 1);
        const transaction = await producer.transaction();
        try {
          await transaction.sendBatch({
            topicMessages: [...out].map(([topic, messages]) => ({
              topic,
              messages,
            })),
            acks: -1,
          });
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [{
              topic: dlq,
              partitions: [{ partition: batch.partition, offset: next }],
            }],
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => {});
          throw error;
        }
        say(`replayed up to dead letter ${next} of ${end}`);
      },
    });
    await done.promise;
  } finally {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    if (flags.dryRun) await deleteGroup(kafka, readGroup);
  }
  return summary;
}

/**
 * The processor's own changelog topic: compacted, one partition per task,
 * written in the same transactions as the outputs it describes.
 */
import type { Admin } from "kafkajs";
import {
  processorGroupId,
  replicationConfigs,
  STORE_PARTITIONS,
  type TopicSpec,
} from "../../shared/topics.ts";
import { ensureTopics } from "../topics/ensure_topics.ts";

/**
 * One changelog per consumer group (like Kafka Streams' changelogs named
 * after the application id), so two groups over the same topics never share
 * state.
 */
export function changelogTopicName(prefix: string, groupId: string): string {
  return `${
    processorGroupId({
      KAFKA_TOPIC_PREFIX: prefix,
      PROCESSOR_GROUP_ID: groupId,
    })
  }.changelog`;
}

export function changelogSpec(
  prefix: string,
  groupId: string,
  replicationFactor: number,
): TopicSpec {
  return {
    name: changelogTopicName(prefix, groupId),
    partitions: STORE_PARTITIONS,
    replicationFactor,
    retentionMs: 30 * 24 * 60 * 60 * 1000,
    configs: {
      "cleanup.policy": "compact",
      // Small segments so compaction keeps a restore short.
      "segment.bytes": String(16 * 1024 * 1024),
      "min.cleanable.dirty.ratio": "0.2",
      ...replicationConfigs(replicationFactor),
    },
    purpose: "processor task state (windows, sessions, positions)",
  };
}

/** Creates the changelog if missing; throws when it exists with the wrong partition count. */
export async function ensureChangelog(
  admin: Admin,
  prefix: string,
  groupId: string,
  replicationFactor: number,
): Promise<string> {
  const [report] = await ensureTopics(admin, [
    changelogSpec(prefix, groupId, replicationFactor),
  ]);
  if (report.status === "error") {
    throw new Error(`Cannot use changelog ${report.topic}: ${report.detail}`);
  }
  return report.topic;
}

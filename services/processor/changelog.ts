/**
 * The processor's own changelog topic: compacted, one partition per task,
 * written in the same transactions as the outputs it describes.
 */
import type { Admin } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import { partitionOffsets } from "../../shared/offsets.ts";
import { clusterReplicationFactor } from "../../shared/replication.ts";
import {
  processorGroupId,
  replicationConfigs,
  topicNames,
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

export interface ChangelogOptions {
  prefix: string;
  groupId: string;
  replicationFactor: number;
  /** One per task: the store topics' partition count. */
  partitions: number;
}

export function changelogSpec(options: ChangelogOptions): TopicSpec {
  const { prefix, groupId, replicationFactor, partitions } = options;
  return {
    name: changelogTopicName(prefix, groupId),
    partitions,
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
  options: ChangelogOptions,
): Promise<string> {
  const [report] = await ensureTopics(admin, [changelogSpec(options)]);
  if (report.status === "error") {
    throw new Error(`Cannot use changelog ${report.topic}: ${report.detail}`);
  }
  return report.topic;
}

/** The changelog of the configured group: one partition per store partition, the cluster's replication. */
export async function ensureTaskChangelog(
  admin: Admin,
  config: Config,
): Promise<string> {
  const store = topicNames(config.KAFKA_TOPIC_PREFIX).store[0];
  return await ensureChangelog(admin, {
    prefix: config.KAFKA_TOPIC_PREFIX,
    groupId: config.PROCESSOR_GROUP_ID,
    replicationFactor: await clusterReplicationFactor(
      admin,
      config.KAFKA_REPLICATION_FACTOR,
    ),
    // One task per partition of the store topics, whatever their count.
    partitions: (await partitionOffsets(admin, store)).length,
  });
}

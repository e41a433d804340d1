/** What every stage is handed: config, an admin client, sizes, progress output, cleanup. */
import type { Admin, Kafka } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import {
  type TopicNames,
  topicNames,
  topicSpecs,
} from "../../shared/topics.ts";
import { ensureTopics } from "../topics/ensure_topics.ts";
import type { StagePlan } from "./plan.ts";
import type { ServiceName, ServiceProcess } from "./children.ts";
import { clusterReplicationFactor } from "../../shared/replication.ts";

export interface BenchContext {
  root: string;
  config: Config;
  kafka: Kafka;
  admin: Admin;
  plan: StagePlan;
  runs: number;
  /** Length of the soak stage. */
  soakMs: number;
  /** Aborted on SIGINT/SIGTERM: stages stop and clean up. */
  signal: AbortSignal;
  /** One progress line on the terminal. */
  progress(line: string): void;
  /** Starts a service that is stopped at the latest when the bench ends. */
  start(
    name: ServiceName,
    args: string[],
    env: Record<string, string>,
  ): ServiceProcess;
}

export interface StageTopics {
  prefix: string;
  names: TopicNames;
  /** Environment for services working on these topics. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/** A prefix of this stage's own, so stages never share data with each other or with tests. */
export function stagePrefix(stage: string, id: string): string {
  return `bench-${stage}-${id}.`;
}

/**
 * Creates the project's eight topics (plus `extra` ones with the store topics'
 * spec) under a fresh prefix, runs `fn`, and deletes every topic under the
 * prefix afterwards, even when `fn` throws.
 */
export async function withStageTopics<T>(
  ctx: BenchContext,
  stage: string,
  fn: (topics: StageTopics) => Promise<T>,
  extra: string[] = [],
): Promise<T> {
  const prefix = stagePrefix(stage, crypto.randomUUID().slice(0, 8));
  const specs = topicSpecs(
    prefix,
    await clusterReplicationFactor(
      ctx.admin,
      ctx.config.KAFKA_REPLICATION_FACTOR,
    ),
    { storePartitions: ctx.config.STORE_PARTITIONS },
  );
  const store = specs[0];
  for (const base of extra) specs.push({ ...store, name: prefix + base });
  await ensureTopics(ctx.admin, specs);
  const topics: StageTopics = {
    prefix,
    names: topicNames(prefix),
    env: (more = {}) => ({
      KAFKA_BROKERS: ctx.config.KAFKA_BROKERS.join(","),
      KAFKA_TOPIC_PREFIX: prefix,
      PROCESSOR_GROUP_ID: `${prefix}analytics-processor`,
      LOG_LEVEL: "warn",
      ...more,
    }),
  };
  try {
    return await fn(topics);
  } finally {
    await deletePrefixed(ctx.admin, prefix);
  }
}

/** Deletes every topic whose name starts with `prefix`; never throws. */
export async function deletePrefixed(admin: Admin, prefix: string) {
  try {
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } catch { /* best effort: a leftover topic is harmless and prefixed */ }
}

/**
 * The one fixture integration tests share: a real broker (started through the
 * same launcher as `deno task kafka` when none answers) and topics of their own.
 */
import type { Admin, Kafka } from "kafkajs";
import { type Config, loadConfig } from "../../shared/config.ts";
import { deadline } from "../../shared/deadline.ts";
import { createKafka } from "../../shared/kafka.ts";
import {
  type TopicNames,
  topicNames,
  topicSpecs,
} from "../../shared/topics.ts";
import { ensureBroker } from "../../services/broker/launcher.ts";
import { ensureTopics } from "../../services/topics/ensure_topics.ts";

let ready: Promise<Config> | undefined;

/** The config tests use: the environment's brokers, quiet logs. Starts a broker once per process. */
export function brokerConfig(): Promise<Config> {
  ready ??= (async () => {
    const config = loadConfig({ ...Deno.env.toObject(), LOG_LEVEL: "error" });
    await ensureBroker({ brokers: config.KAFKA_BROKERS, say: () => {} });
    return config;
  })();
  return ready;
}

export interface TestTopics {
  config: Config;
  kafka: Kafka;
  admin: Admin;
  names: TopicNames;
  /** Deletes the topics and disconnects the admin. */
  cleanup(): Promise<void>;
}

/** Creates the project's eight topics under a prefix unique to this test, so tests never share data. */
export async function withTestTopics(
  label: string,
  options: { storePartitions?: number } = {},
): Promise<TestTopics> {
  const base = await brokerConfig();
  const prefix = `test-${label}-${crypto.randomUUID().slice(0, 8)}.`;
  const config: Config = {
    ...base,
    KAFKA_TOPIC_PREFIX: prefix,
    PROCESSOR_GROUP_ID: `${prefix}analytics-processor`,
    STORE_PARTITIONS: options.storePartitions ?? base.STORE_PARTITIONS,
  };
  const kafka = createKafka(config, { clientSuffix: "test" });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(
    admin,
    topicSpecs(prefix, 1, { storePartitions: config.STORE_PARTITIONS }),
  );
  return {
    config,
    kafka,
    admin,
    names: topicNames(prefix),
    async cleanup() {
      const mine = (await admin.listTopics()).filter((t) =>
        t.startsWith(prefix)
      );
      if (mine.length > 0) {
        await admin.deleteTopics({ topics: mine }).catch(() => {});
      }
      await admin.disconnect();
    },
  };
}

/** Environment for a service started as a child process inside a test. */
export function serviceEnv(
  config: Config,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: config.KAFKA_BROKERS.join(","),
    KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX,
    PROCESSOR_GROUP_ID: config.PROCESSOR_GROUP_ID,
    STORE_PARTITIONS: String(config.STORE_PARTITIONS),
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/**
 * Integration tests hold Kafka sockets and timers that KafkaJS closes lazily,
 * so Deno's op and resource sanitizers are off for them; each test cleans up itself.
 */
export function integrationTest(
  name: string,
  fn: () => Promise<void>,
  timeoutMs = 120_000,
) {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: () =>
      deadline(fn(), timeoutMs, {
        message: `Test timed out after ${timeoutMs} ms: ${name}`,
      }),
  });
}

/**
 * What the cluster fault tests share: a three-broker cluster of their own
 * (never the shared broker), the pipeline's children against it, and the
 * measurements a failover is judged by.
 */
import type { Admin, Kafka } from "kafkajs";
import { type Config, loadConfig } from "../../shared/config.ts";
import { createKafka } from "../../shared/kafka.ts";
import { pollUntil } from "../../shared/poll.ts";
import {
  type TopicNames,
  topicNames,
  topicSpecs,
} from "../../shared/topics.ts";
import { PrivateCluster } from "../../services/broker/private_cluster.ts";
import { commandExists } from "../../services/broker/process.ts";
import { highWatermarks } from "../../services/processor/verify/read_topics.ts";
import { ensureTopics } from "../../services/topics/ensure_topics.ts";

/** Skipped where no Java runs the brokers (Docker-only machines). */
export const hasJava = await commandExists("java", "-version");

export interface ClusterRig {
  cluster: PrivateCluster;
  env: Record<string, string>;
  config: Config;
  kafka: Kafka;
  admin: Admin;
  names: TopicNames;
  close(): Promise<void>;
}

/** A cluster of its own with the project's topics at replication factor 3. */
export async function startRig(prefix: string): Promise<ClusterRig> {
  const cluster = await PrivateCluster.start({ prefix: "kafka-cluster-test-" });
  console.log(
    `cluster: 3 brokers and a controller answer after ${
      (cluster.startMs / 1000).toFixed(1)
    } s`,
  );
  try {
    const env: Record<string, string> = {
      KAFKA_BROKERS: cluster.brokers.join(","),
      KAFKA_TOPIC_PREFIX: prefix,
      PROCESSOR_SESSION_TIMEOUT_MS: "10000",
      PROCESSOR_TRANSACTION_TIMEOUT_MS: "10000",
      LOG_LEVEL: "warn",
    };
    const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
    const kafka = createKafka(config, {
      clientSuffix: "cluster-test",
      retry: { retries: 30, maxRetryTime: 1_000 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, topicSpecs(prefix, 3));
    return {
      cluster,
      env,
      config,
      kafka,
      admin,
      names: topicNames(prefix),
      async close() {
        await admin.disconnect().catch(() => {});
        await cluster.destroy();
      },
    };
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

/**
 * End offsets of every partition of `topics`, keyed "topic:partition". KafkaJS
 * keeps asking a dead leader until its metadata is refreshed, so a failed
 * read refreshes it and tries again (bounded).
 */
export async function endOffsets(
  admin: Admin,
  topics: string[],
): Promise<Map<string, number>> {
  for (let attempt = 1;; attempt++) {
    try {
      return await highWatermarkKeys(admin, topics);
    } catch (error) {
      if (attempt >= 20) throw error;
      await admin.fetchTopicMetadata({ topics }).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function highWatermarkKeys(
  admin: Admin,
  topics: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [topic, highs] of await highWatermarks(admin, topics)) {
    highs.forEach((high, p) => out.set(`${topic}:${p}`, high));
  }
  return out;
}

/**
 * The end offsets of `topics` as soon as every partition has a leader that
 * answers, read by a new client each time (see `untilPast`). After a broker's
 * death this is the baseline of new writes: it holds everything acknowledged
 * before the death, even what reached the followers only afterwards.
 */
export async function endOffsetsOnceLed(
  kafka: Kafka,
  topics: string[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  let ends: Map<string, number> | undefined;
  await pollUntil(async () => {
    const reader = kafka.admin();
    try {
      await reader.connect();
      ends = await highWatermarkKeys(reader, topics);
    } catch {
      // No leader yet for some partition: read again.
    } finally {
      await reader.disconnect().catch(() => {});
    }
    return ends !== undefined;
  }, { timeoutMs, intervalMs: 200, what: "every partition led again" });
  return ends!;
}

/**
 * Milliseconds from `from` until `read` reports, for every partition in
 * `keys`, an offset past its end offset in `before`. A new client reads each
 * time: a long-lived one's metadata can stay stale for tens of seconds after
 * a broker dies, and then it is the reader that stands still, not the writers.
 * A failed read (no leader yet) counts as no progress.
 */
async function untilPast(
  kafka: Kafka,
  read: (admin: Admin) => Promise<Map<string, number>>,
  what: string,
  before: Map<string, number>,
  keys: string[],
  from: number,
  timeoutMs: number,
): Promise<number> {
  const pending = new Set(keys);
  let lastError = "";
  try {
    await pollUntil(async () => {
      const reader = kafka.admin();
      try {
        await reader.connect();
        for (const [key, offset] of await read(reader)) {
          if (offset > (before.get(key) ?? 0)) pending.delete(key);
        }
      } catch (error) {
        lastError = (error as Error).message;
      } finally {
        await reader.disconnect().catch(() => {});
      }
      return pending.size === 0;
    }, { timeoutMs, intervalMs: 200, what });
  } catch (error) {
    throw new Error(
      `No ${what} past the kill on ${
        [...pending].join(", ")
      } within ${timeoutMs} ms` +
        (lastError ? ` (last read error: ${lastError})` : ""),
      { cause: error },
    );
  }
  return Date.now() - from;
}

const topicsOf = (keys: string[]) => [
  ...new Set(keys.map((k) => k.slice(0, k.lastIndexOf(":")))),
];

/**
 * Milliseconds from `from` until every partition in `keys` has moved past its
 * end offset in `before`: how long writes to the partitions a dead broker led
 * stood still, read every 200 ms.
 */
export function pauseUntilAdvanced(
  kafka: Kafka,
  before: Map<string, number>,
  keys: string[],
  from: number,
  timeoutMs: number,
): Promise<number> {
  const topics = topicsOf(keys);
  return untilPast(
    kafka,
    (admin) => highWatermarkKeys(admin, topics),
    "progress",
    before,
    keys,
    from,
    timeoutMs,
  );
}

/**
 * Milliseconds from `from` until the group's committed offset on every
 * partition in `keys` has passed its end offset in `before`: how long the
 * processor stood still, seen from the broker's offsets, not its own logs.
 */
export function commitsUntilAdvanced(
  kafka: Kafka,
  groupId: string,
  before: Map<string, number>,
  keys: string[],
  from: number,
  timeoutMs: number,
): Promise<number> {
  const topics = topicsOf(keys);
  return untilPast(
    kafka,
    async (admin) =>
      new Map(
        (await admin.fetchOffsets({ groupId, topics })).flatMap((t) =>
          t.partitions.map((
            p,
          ) => [`${t.topic}:${p.partition}`, Number(p.offset)])
        ),
      ),
    "commit",
    before,
    keys,
    from,
    timeoutMs,
  );
}

export { runVerify } from "../../services/chaos/audit.ts";

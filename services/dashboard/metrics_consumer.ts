/**
 * The Kafka edge that feeds the dashboard: reads `analytics.metrics`
 * (read-committed) from an hour back, validates each record and applies it to
 * the store. Invalid records are skipped with a warning.
 */
import type { Buffer } from "node:buffer";
import type { Consumer, Kafka } from "kafkajs";
import { deadline } from "../../shared/deadline.ts";
import type { Logger } from "../../shared/log.ts";
import { MetricRecord } from "../../shared/schemas/metrics.ts";
import type { MetricStore } from "./metric_store.ts";

export interface MetricsConsumerOptions {
  kafka: Kafka;
  topic: string;
  /** A group of its own: the dashboard never commits, every instance reads everything. */
  groupId: string;
  store: MetricStore;
  /** Called after each batch that changed the store. */
  onChange: () => void;
  logger: Logger;
  /** How far back to replay on start. @default 61 minutes */
  replayMs?: number;
  now?: () => number;
}

export interface MetricsConsumerStats {
  records: number;
  invalid: number;
  running: boolean;
  replayed: boolean;
}

/** Parses one record's value; returns the reason when it is not a valid metric record. */
export function parseMetricRecord(
  value: Buffer | null,
): { record: MetricRecord } | { error: string } {
  if (value === null) return { error: "empty value" };
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch {
    return { error: "value is not JSON" };
  }
  const parsed = MetricRecord.safeParse(json);
  if (parsed.success) return { record: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: `${issue.path.join(".") || "value"}: ${issue.message}` };
}

export class MetricsConsumer {
  readonly stats: MetricsConsumerStats = {
    records: 0,
    invalid: 0,
    running: false,
    replayed: false,
  };
  readonly #opts: Required<MetricsConsumerOptions>;
  #consumer?: Consumer;
  #replayTargets = new Map<number, number>();
  #replayedResolve!: () => void;
  /** Resolves once the records present at start have been read. */
  readonly replayed: Promise<void> = new Promise((r) =>
    this.#replayedResolve = r
  );

  constructor(options: MetricsConsumerOptions) {
    this.#opts = {
      replayMs: 61 * 60_000,
      now: Date.now,
      ...options,
    };
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId, logger, replayMs, now } = this.#opts;
    const admin = kafka.admin();
    await admin.connect();
    let starts: { partition: number; offset: string }[];
    let highs: { partition: number; high: string }[];
    try {
      starts = await retrying(() =>
        admin.fetchTopicOffsetsByTimestamp(topic, now() - replayMs)
      );
      highs = await retrying(() => admin.fetchTopicOffsets(topic));
    } finally {
      await admin.disconnect();
    }
    for (const { partition, high } of highs) {
      const start = starts.find((s) => s.partition === partition);
      const from = Number(start?.offset ?? high);
      if (from >= 0 && from < Number(high)) {
        this.#replayTargets.set(partition, Number(high) - 1);
      }
    }
    this.#checkReplayed();

    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
    });
    this.#consumer = consumer;
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.stats.running = true;
        resolve();
      })
    );
    consumer.on(consumer.events.CRASH, (event) => {
      this.stats.running = false;
      logger.error("metrics consumer crashed", { error: event.payload.error });
    });
    consumer.on(consumer.events.STOP, () => this.stats.running = false);
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const target = this.#replayTargets.get(payload.partition);
      if (target !== undefined && Number(payload.lastOffset) >= target) {
        this.#replayTargets.delete(payload.partition);
        this.#checkReplayed();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const receivedAt = now();
        let changed = false;
        for (const message of batch.messages) {
          const parsed = parseMetricRecord(message.value);
          if ("error" in parsed) {
            this.stats.invalid++;
            logger.warn("skipping invalid metric record", {
              topic: batch.topic,
              partition: batch.partition,
              offset: message.offset,
              reason: parsed.error,
            });
            continue;
          }
          this.stats.records++;
          changed = this.#opts.store.apply(parsed.record, receivedAt) ||
            changed;
        }
        if (changed) this.#opts.onChange();
        await Promise.resolve();
      },
    });
    const seekToReplayStart = () => {
      for (const { partition, offset } of starts) {
        const high = highs.find((h) => h.partition === partition)?.high;
        const from = Number(offset) >= 0 ? offset : high ?? "0";
        consumer.seek({ topic, partition, offset: from });
      }
    };
    try {
      seekToReplayStart();
    } catch {
      // run() can return before KafkaJS has made its consumer group (seen on a
      // busy machine); seeking works once the group is joined.
      await deadline(joined, 30_000, {
        message: "the consumer did not join its group in 30 s",
      });
      seekToReplayStart();
    }
    logger.info("consuming metrics", {
      topic,
      replay_partitions: this.#replayTargets.size,
    });
  }

  async stop(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    this.stats.running = false;
    await consumer?.disconnect();
  }

  #checkReplayed() {
    if (this.#replayTargets.size === 0 && !this.stats.replayed) {
      this.stats.replayed = true;
      this.#replayedResolve();
    }
  }
}

/**
 * Retries a request that failed with an error KafkaJS marks retriable (a
 * leader election just after topic creation, say), which KafkaJS's admin
 * offset lookups give up on at once.
 */
async function retrying<T>(
  request: () => Promise<T>,
  attempts = 10,
): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await request();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

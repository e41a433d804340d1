/**
 * Reading partitions directly, without a consumer group. KafkaJS 2.2.4 has no
 * manual assignment: its only reader is a group consumer, which would show up
 * on the groups page, commit, and rebalance. The pieces below the consumer
 * (a `Cluster` made by the client's private factory, a broker's `fetch` and
 * `listOffsets`) do what we need, so this module reaches them, and only this
 * module: it refuses any KafkaJS but the one the patches were checked against.
 * A fetch is the Fetch request v11 the consumer itself sends, with the
 * isolation level asked for; `read_committed` also drops the records of
 * aborted transactions with our corrected filter (see aborted_filter.ts).
 */
import type { Kafka } from "kafkajs";
import { filterAbortedMessages } from "./aborted_filter.ts";
import { installedKafkaJsVersion, PATCHED_KAFKAJS_VERSION } from "./mod.ts";

export type Isolation = "read_committed" | "read_uncommitted";

/** One record as the broker stored it; control records are transaction markers. */
export interface FetchedRecord {
  partition: number;
  offset: bigint;
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Record<string, Uint8Array | Uint8Array[] | undefined>;
  /** A COMMIT or ABORT marker written by the transaction coordinator. */
  control: "commit" | "abort" | null;
  /** The record was written inside a transaction. */
  transactional: boolean;
}

export interface PartitionFetch {
  records: FetchedRecord[];
  /** The offset to fetch next: past every record returned, markers and filtered ones included. */
  next: bigint;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
}

export interface PartitionOffsets {
  partition: number;
  /** Log start offset. */
  low: bigint;
  /** High watermark (the offset the next record will take). */
  high: bigint;
}

export interface FetchOptions {
  topic: string;
  partition: number;
  offset: bigint;
  isolation: Isolation;
  /** Bytes asked for from this partition. @default 262144 */
  maxBytes?: number;
  /** How long the broker may wait for a first byte. @default 0 */
  maxWaitMs?: number;
}

/** A reader of partitions that belongs to no group and never commits. */
export interface DirectFetcher {
  partitions(topic: string): Promise<number[]>;
  offsets(topic: string): Promise<PartitionOffsets[]>;
  /** Per partition, the first offset whose timestamp is at or after `time` (the high watermark when none). */
  offsetsForTime(topic: string, time: number): Promise<Map<number, bigint>>;
  fetch(options: FetchOptions): Promise<PartitionFetch>;
  disconnect(): Promise<void>;
}

// The shapes of KafkaJS internals this module relies on (kafkajs 2.2.4).
interface RawMessage {
  offset: string;
  timestamp: string;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: Record<string, Uint8Array | Uint8Array[] | undefined>;
  isControlRecord?: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}
interface RawPartition {
  partition: number;
  highWatermark: string;
  lastStableOffset: string;
  lastStartOffset: string;
  abortedTransactions: { producerId: string; firstOffset: string }[];
  messages: RawMessage[];
}
interface RawBroker {
  fetch(request: unknown): Promise<{
    responses: { topicName: string; partitions: RawPartition[] }[];
  }>;
}
interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  findLeaderForPartitions(
    topic: string,
    partitions: number[],
  ): Record<string, number[]>;
  findBroker(options: { nodeId: string }): Promise<RawBroker>;
  fetchTopicsOffset(topics: unknown[]): Promise<
    { topic: string; partitions: { partition: number; offset: string }[] }[]
  >;
}

const ISOLATION_LEVEL: Record<Isolation, number> = {
  read_uncommitted: 0,
  read_committed: 1,
};

function clusterFactory(kafka: Kafka): (options: object) => RawCluster {
  const version = installedKafkaJsVersion();
  if (version !== PATCHED_KAFKAJS_VERSION) {
    throw new Error(
      `Cannot read partitions directly: written for kafkajs ${PATCHED_KAFKAJS_VERSION}, found ${version}; check shared/kafka_patches/direct_fetch.ts against the new version`,
    );
  }
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) =>
    s.description === "private:Kafka:createCluster"
  );
  const factory = symbol &&
    (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== "function") {
    throw new Error(
      "Cannot read partitions directly: the KafkaJS client has no private cluster factory",
    );
  }
  return factory as (options: object) => RawCluster;
}

/** A control record's key is version (int16) then type (int16): 0 ABORT, 1 COMMIT. */
function controlType(message: RawMessage): "commit" | "abort" | null {
  if (!message.isControlRecord) return null;
  return message.key && message.key.length >= 4 && message.key[3] === 1
    ? "commit"
    : "abort";
}

/**
 * Connects a {@linkcode DirectFetcher} on `kafka`'s brokers, TLS, SASL and
 * logger. Its ListOffsets read uncommitted, so `high` is the high watermark
 * (not the last stable offset). Call `disconnect()` when done.
 */
export async function createDirectFetcher(
  kafka: Kafka,
): Promise<DirectFetcher> {
  const cluster = clusterFactory(kafka)({
    allowAutoTopicCreation: false,
    isolationLevel: ISOLATION_LEVEL.read_uncommitted,
    metadataMaxAge: 60_000,
  });
  await cluster.connect();

  async function metadata(topic: string): Promise<number[]> {
    await cluster.addTargetTopic(topic);
    await cluster.refreshMetadataIfNecessary();
    const partitions = cluster.findTopicPartitionMetadata(topic).map((p) =>
      p.partitionId
    ).sort((a, b) => a - b);
    if (partitions.length === 0) {
      throw new Error(`Cannot read topic: ${topic} does not exist`);
    }
    return partitions;
  }

  async function listOffsets(
    topic: string,
    spec: { fromBeginning?: boolean; fromTimestamp?: number },
  ): Promise<Map<number, bigint>> {
    const partitions = (await metadata(topic)).map((partition) => ({
      partition,
    }));
    const [result] = await cluster.fetchTopicsOffset([
      { topic, partitions, ...spec },
    ]);
    return new Map(
      result.partitions.map((p) => [p.partition, BigInt(p.offset)]),
    );
  }

  return {
    partitions: metadata,
    async offsets(topic) {
      const low = await listOffsets(topic, { fromBeginning: true });
      const high = await listOffsets(topic, { fromBeginning: false });
      return [...low].map(([partition, start]) => ({
        partition,
        low: start,
        high: high.get(partition) ?? start,
      })).sort((a, b) => a.partition - b.partition);
    },
    async offsetsForTime(topic, time) {
      const found = await listOffsets(topic, { fromTimestamp: time });
      const high = await listOffsets(topic, { fromBeginning: false });
      for (const [partition, offset] of found) {
        if (offset < 0n) found.set(partition, high.get(partition) ?? 0n);
      }
      return found;
    },
    async fetch(options) {
      const { topic, partition, offset, isolation } = options;
      const { maxBytes = 262_144, maxWaitMs = 0 } = options;
      await metadata(topic);
      const [nodeId] = Object.keys(
        cluster.findLeaderForPartitions(topic, [partition]),
      );
      if (nodeId === undefined) {
        throw new Error(
          `Cannot read ${topic}: partition ${partition} has no leader`,
        );
      }
      const broker = await cluster.findBroker({ nodeId });
      const response = await broker.fetch({
        isolationLevel: ISOLATION_LEVEL[isolation],
        maxWaitTime: maxWaitMs,
        minBytes: 1,
        maxBytes,
        topics: [{
          topic,
          partitions: [{ partition, fetchOffset: String(offset), maxBytes }],
        }],
      });
      const raw = response.responses.find((r) => r.topicName === topic)
        ?.partitions.find((p) => p.partition === partition);
      if (!raw) throw new Error(`Cannot read ${topic}-${partition}: no answer`);
      // A batch may start before the offset asked for; its head is not ours.
      const messages = raw.messages.filter((m) => BigInt(m.offset) >= offset);
      const last = messages.at(-1);
      const kept = isolation === "read_committed"
        ? filterAbortedMessages({
          messages,
          abortedTransactions: raw.abortedTransactions,
        })
        : messages;
      return {
        records: kept.map((m) => ({
          partition,
          offset: BigInt(m.offset),
          timestamp: Number(m.timestamp),
          key: m.key ?? null,
          value: m.value ?? null,
          headers: m.headers ?? {},
          control: controlType(m),
          transactional: m.batchContext.inTransaction,
        })),
        next: last ? BigInt(last.offset) + 1n : offset,
        highWatermark: BigInt(raw.highWatermark),
        lastStableOffset: BigInt(raw.lastStableOffset),
        logStartOffset: BigInt(raw.lastStartOffset),
      };
    },
    disconnect: () => cluster.disconnect(),
  };
}

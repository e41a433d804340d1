/** Observations some labs need beyond a snapshot, read directly (no consumer group) from the topics. */
import {
  createDirectFetcher,
  type DirectFetcher,
  type FetchedRecord,
  readRecords,
} from "../../shared/topic_reader.ts";
import type { LabClients } from "./snapshot.ts";

const fetchers = new WeakMap<LabClients, Promise<DirectFetcher>>();

/** One direct fetcher per set of clients, closed with {@linkcode closeProbes}. */
export function fetcherFor(clients: LabClients): Promise<DirectFetcher> {
  let fetcher = fetchers.get(clients);
  if (!fetcher) {
    fetcher = createDirectFetcher(clients.kafka);
    fetchers.set(clients, fetcher);
  }
  return fetcher;
}

const closers = new WeakMap<LabClients, (() => Promise<void>)[]>();

/** Runs `close` in {@linkcode closeProbes}: for a probe that keeps a client of its own. */
export function closeWithProbes(
  clients: LabClients,
  close: () => Promise<void>,
) {
  closers.set(clients, [...closers.get(clients) ?? [], close]);
}

export async function closeProbes(clients: LabClients) {
  const fetcher = fetchers.get(clients);
  fetchers.delete(clients);
  const others = closers.get(clients) ?? [];
  closers.delete(clients);
  await Promise.all([
    (async () =>
      await (await fetcher?.catch(() => null))?.disconnect().catch(() => {}))(),
    ...others.map((close) => close().catch(() => {})),
  ]);
}

/**
 * Runs `read` again when it raced a deletion of records (`deno task reset`
 * empties topics while the learner works): the offset it asked for is gone,
 * and a new read starts from the new start.
 */
export async function retryMovedStart<T>(
  read: () => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await read();
    } catch (error) {
      const type = (error as { type?: string } | null)?.type;
      if (attempt >= attempts || type !== "OFFSET_OUT_OF_RANGE") throw error;
    }
  }
}

/** The newest `limit` committed records of a topic, newest first; none when it does not exist yet. */
export async function newestRecords(
  clients: LabClients,
  topic: string,
  limit: number,
): Promise<FetchedRecord[]> {
  const existing = new Set(await clients.admin.listTopics());
  if (!existing.has(topic)) return [];
  const result = await retryMovedStart(async () =>
    readRecords({
      fetcher: await fetcherFor(clients),
      topic,
      from: { kind: "latest-minus", n: limit * 2 },
      limit,
    })
  );
  return result.records;
}

const decoder = new TextDecoder();

/** The value of a record as JSON, or null. */
export function jsonValue(
  record: FetchedRecord,
): Record<string, unknown> | null {
  if (!record.value) return null;
  try {
    return JSON.parse(decoder.decode(record.value));
  } catch {
    return null;
  }
}

/** The semantics stamped on the newest processor metric record, if any. */
export async function latestSemantics(
  clients: LabClients,
): Promise<string | null> {
  const records = await newestRecords(clients, clients.names.metrics, 20);
  for (const record of records) {
    const value = jsonValue(record);
    if (value && value.metric !== "producer_health") {
      return typeof value.semantics === "string" ? value.semantics : null;
    }
  }
  return null;
}

/** Where a store record sits and whose event it is: what lab 1 checks keys and order on. */
export interface StoreRow {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  /** The event's `user_id`; null for a record that is not an event. */
  user: string | null;
  /** The event's own time (epoch ms), not the record's. */
  time: number | null;
}

/** The newest `perPartition` records of each partition of every store topic, as {@linkcode StoreRow}s. */
export async function newestStoreRows(
  clients: LabClients,
  perPartition: number,
): Promise<StoreRow[]> {
  const existing = new Set(await clients.admin.listTopics());
  const fetcher = await fetcherFor(clients);
  const rows: StoreRow[] = [];
  for (const topic of clients.names.store.filter((t) => existing.has(t))) {
    const partitions = (await fetcher.offsets(topic)).length;
    const { records } = await readRecords({
      fetcher,
      topic,
      from: { kind: "latest-minus", n: perPartition },
      limit: perPartition * partitions,
      maxScan: perPartition * partitions,
    });
    for (const record of records) rows.push(storeRow(topic, record));
  }
  return rows;
}

function storeRow(topic: string, record: FetchedRecord): StoreRow {
  const value = jsonValue(record);
  const user = typeof value?.user_id === "string" ? value.user_id : null;
  const time = typeof value?.timestamp === "string"
    ? Date.parse(value.timestamp)
    : NaN;
  return {
    topic,
    partition: record.partition,
    offset: Number(record.offset),
    key: record.key ? decoder.decode(record.key) : null,
    user,
    time: Number.isNaN(time) ? null : time,
  };
}

/**
 * Every committed record of a small topic (the metrics, the dead letters),
 * oldest first by partition and offset, up to `max`; none when it does not exist yet.
 */
export async function allRecords(
  clients: LabClients,
  topic: string,
  max = 50_000,
): Promise<FetchedRecord[]> {
  const existing = new Set(await clients.admin.listTopics());
  if (!existing.has(topic)) return [];
  const result = await retryMovedStart(async () =>
    readRecords({
      fetcher: await fetcherFor(clients),
      topic,
      from: { kind: "earliest" },
      limit: max,
      maxScan: max,
      deadlineMs: 10_000,
    })
  );
  return result.records.sort((a, b) =>
    a.partition - b.partition || (a.offset < b.offset ? -1 : 1)
  );
}

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

/** The newest `limit` committed records of a topic, newest first; none when it does not exist yet. */
export async function newestRecords(
  clients: LabClients,
  topic: string,
  limit: number,
): Promise<FetchedRecord[]> {
  const existing = new Set(await clients.admin.listTopics());
  if (!existing.has(topic)) return [];
  const result = await readRecords({
    fetcher: await fetcherFor(clients),
    topic,
    from: { kind: "latest-minus", n: limit * 2 },
    limit,
  });
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

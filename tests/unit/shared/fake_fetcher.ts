/** An in-memory DirectFetcher: partitions of records, fetched a few at a time like broker batches. */
import type {
  DirectFetcher,
  FetchedRecord,
} from "../../../shared/kafka_patches/direct_fetch.ts";

const encoder = new TextEncoder();

/** A record at `offset` with a UTF-8 key and value; `control` makes it a marker. */
export function record(
  partition: number,
  offset: number,
  value: string | Uint8Array,
  extra: Partial<FetchedRecord> = {},
): FetchedRecord {
  return {
    partition,
    offset: BigInt(offset),
    timestamp: 1_000_000 + offset * 1000 + partition,
    key: encoder.encode(`k${offset % 3}`),
    value: typeof value === "string" ? encoder.encode(value) : value,
    headers: {},
    control: null,
    transactional: false,
    ...extra,
  };
}

export interface FakeFetcher extends DirectFetcher {
  /** Fetch requests made so far. */
  fetches: number;
}

/** `partitions[p]` holds partition p's records in offset order, starting at offset 0. */
export function fakeFetcher(
  partitions: FetchedRecord[][],
  batch = 5,
): FakeFetcher {
  const fake: FakeFetcher = {
    fetches: 0,
    partitions: () => Promise.resolve(partitions.map((_, p) => p)),
    offsets: () =>
      Promise.resolve(partitions.map((records, partition) => ({
        partition,
        low: records[0]?.offset ?? 0n,
        high: (records.at(-1)?.offset ?? -1n) + 1n,
      }))),
    offsetsForTime: (_topic, time) =>
      Promise.resolve(
        new Map(partitions.map((records, p) => [
          p,
          records.find((r) => r.timestamp >= time)?.offset ??
            (records.at(-1)?.offset ?? -1n) + 1n,
        ])),
      ),
    fetch: ({ partition, offset }) => {
      fake.fetches++;
      const records = partitions[partition].filter((r) => r.offset >= offset)
        .slice(0, batch);
      const high = (partitions[partition].at(-1)?.offset ?? -1n) + 1n;
      return Promise.resolve({
        records,
        next: records.length ? records.at(-1)!.offset + 1n : offset,
        highWatermark: high,
        lastStableOffset: high,
        logStartOffset: 0n,
      });
    },
    disconnect: () => Promise.resolve(),
  };
  return fake;
}

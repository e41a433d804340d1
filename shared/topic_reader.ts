/**
 * Reading a page of a topic's records the way a learner asks for them: from
 * the beginning, the end minus N, an offset or a time, on one partition or
 * all, filtered by key or by a substring of the value, bounded in records
 * scanned and in time. It never joins a group and never commits (see
 * kafka_patches/direct_fetch.ts). Used by the dashboard's message browser and
 * by `deno task peek`.
 */
import type {
  DirectFetcher,
  FetchedRecord,
  Isolation,
} from "./kafka_patches/direct_fetch.ts";

export type { DirectFetcher, FetchedRecord, Isolation };
export { createDirectFetcher } from "./kafka_patches/direct_fetch.ts";

/** Where a read starts, in each partition read. */
export type StartFrom =
  | { kind: "earliest" }
  /** `n` offsets before each partition's end (markers take offsets too). */
  | { kind: "latest-minus"; n: number }
  | { kind: "offset"; offset: bigint }
  /** One offset per partition: the cursors of a previous page. */
  | { kind: "offsets"; offsets: Map<number, bigint> }
  /** Epoch milliseconds: the first record at or after it (ListOffsets by timestamp). */
  | { kind: "time"; time: number };

export interface ReadRecordsOptions {
  fetcher: DirectFetcher;
  topic: string;
  /** One partition, or every partition when absent. */
  partition?: number;
  from: StartFrom;
  /** Records in the page. @default 50 */
  limit?: number;
  /** @default "read_committed" */
  isolation?: Isolation;
  /** Keeps records whose key, read as UTF-8, is exactly this. */
  keyFilter?: string;
  /** Keeps records whose value, read as UTF-8, contains this (case-insensitive). */
  valueFilter?: string;
  /** Stop after examining this many records, matching or not. @default 10000 */
  maxScan?: number;
  /** Stop after this long. @default 5000 */
  deadlineMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface PartitionRange {
  partition: number;
  low: bigint;
  high: bigint;
  /** Where this read started. */
  start: bigint;
  /** Where a read of the next (newer) page starts. */
  next: bigint;
  /** Where a read of the previous (older) page starts. */
  previous: bigint;
}

export interface ReadResult {
  topic: string;
  /** Newest first (by timestamp, then offset). */
  records: FetchedRecord[];
  /** Transaction markers met on the way, newest first. */
  markers: FetchedRecord[];
  /** Data records examined, matching or not. */
  scanned: number;
  stoppedBy: "end" | "limit" | "max_scan" | "deadline";
  partitions: PartitionRange[];
}

const decoder = new TextDecoder();

/** True when `record` passes the key and value filters. */
export function matchesFilters(
  record: Pick<FetchedRecord, "key" | "value">,
  filters: { keyFilter?: string; valueFilter?: string },
): boolean {
  const { keyFilter, valueFilter } = filters;
  if (keyFilter !== undefined && keyFilter !== "") {
    if (!record.key || decoder.decode(record.key) !== keyFilter) return false;
  }
  if (valueFilter !== undefined && valueFilter !== "") {
    if (!record.value) return false;
    const text = decoder.decode(record.value).toLowerCase();
    if (!text.includes(valueFilter.toLowerCase())) return false;
  }
  return true;
}

/** Newest first: by timestamp, then by offset, then by partition. */
export function newestFirst(a: FetchedRecord, b: FetchedRecord): number {
  if (a.timestamp !== b.timestamp) return b.timestamp - a.timestamp;
  if (a.offset !== b.offset) return a.offset > b.offset ? -1 : 1;
  return b.partition - a.partition;
}

const clamp = (value: bigint, low: bigint, high: bigint) =>
  value < low ? low : value > high ? high : value;

/** The first offset to read in each partition, within [low, high]. */
export async function startOffsets(
  fetcher: DirectFetcher,
  topic: string,
  ranges: { partition: number; low: bigint; high: bigint }[],
  from: StartFrom,
): Promise<Map<number, bigint>> {
  const byTime = from.kind === "time"
    ? await fetcher.offsetsForTime(topic, from.time)
    : undefined;
  return new Map(ranges.map(({ partition, low, high }) => {
    const wanted = from.kind === "earliest"
      ? low
      : from.kind === "latest-minus"
      ? high - BigInt(Math.max(0, from.n))
      : from.kind === "offset"
      ? from.offset
      : from.kind === "offsets"
      ? from.offsets.get(partition) ?? high
      : byTime?.get(partition) ?? high;
    return [partition, clamp(wanted, low, high)];
  }));
}

/**
 * Reads a page of `topic`: in each partition, forward from its start offset
 * up to the end seen when the read began, keeping at most `limit` matching
 * records (the first ones, or the last ones for `latest-minus`), then the
 * page across partitions is the `limit` oldest (newest for `latest-minus`)
 * of those, returned newest first. Partitions take turns so that a bounded
 * scan covers them evenly.
 *
 * @example
 * ```ts
 * const fetcher = await createDirectFetcher(kafka);
 * const page = await readRecords({ fetcher, topic: "store.purchases", from: { kind: "latest-minus", n: 20 } });
 * await fetcher.disconnect();
 * ```
 */
export async function readRecords(
  options: ReadRecordsOptions,
): Promise<ReadResult> {
  const {
    fetcher,
    topic,
    partition,
    from,
    limit = 50,
    isolation = "read_committed",
    maxScan = 10_000,
    deadlineMs = 5_000,
    now = Date.now,
  } = options;
  const started = now();
  const all = await fetcher.offsets(topic);
  const ranges = partition === undefined
    ? all
    : all.filter((r) => r.partition === partition);
  if (ranges.length === 0) {
    throw new RangeError(`Cannot read ${topic}: no partition ${partition}`);
  }
  const starts = await startOffsets(fetcher, topic, ranges, from);
  const keepLast = from.kind === "latest-minus";
  const state = ranges.map((r) => ({
    ...r,
    start: starts.get(r.partition)!,
    position: starts.get(r.partition)!,
    end: r.high,
    matched: [] as FetchedRecord[],
    done: starts.get(r.partition)! >= r.high,
  }));
  const markers: FetchedRecord[] = [];
  let scanned = 0;
  let stoppedBy: ReadResult["stoppedBy"] = "end";
  outer: while (state.some((s) => !s.done)) {
    for (const s of state.filter((s) => !s.done)) {
      if (scanned >= maxScan) {
        stoppedBy = "max_scan";
        break outer;
      }
      if (now() - started >= deadlineMs) {
        stoppedBy = "deadline";
        break outer;
      }
      const asked = s.position;
      const got = await fetcher.fetch({
        topic,
        partition: s.partition,
        offset: asked,
        isolation,
      });
      // read_committed ends at the last stable offset: nothing past it yet.
      if (isolation === "read_committed" && got.lastStableOffset < s.end) {
        s.end = got.lastStableOffset;
      }
      for (const record of got.records) {
        if (record.offset >= s.end) break;
        s.position = record.offset + 1n;
        if (record.control) {
          markers.push(record);
          continue;
        }
        if (scanned >= maxScan) break;
        scanned++;
        if (!matchesFilters(record, options)) continue;
        s.matched.push(record);
        if (keepLast && s.matched.length > limit) s.matched.shift();
        if (!keepLast && s.matched.length >= limit) {
          s.done = true;
          break;
        }
      }
      // Filtered tails (aborted records, a compacted batch) still move us on.
      if (got.next > s.position && got.next <= s.end) s.position = got.next;
      // An empty answer below the end (only aborted records, compacted away)
      // would be asked again forever.
      if (s.position >= s.end || got.next === asked) s.done = true;
    }
  }
  if (stoppedBy === "end" && state.some((s) => s.matched.length >= limit)) {
    stoppedBy = "limit";
  }
  const pooled = state.flatMap((s) => s.matched).sort(newestFirst);
  const records = keepLast ? pooled.slice(0, limit) : pooled.slice(-limit);
  return {
    topic,
    records,
    markers: markers.sort(newestFirst),
    scanned,
    stoppedBy,
    partitions: state.map((s) => {
      const mine = records.filter((r) => r.partition === s.partition)
        .map((r) => r.offset);
      const first = mine.length
        ? mine.reduce((a, b) => (b < a ? b : a))
        : s.start;
      const last = mine.length
        ? mine.reduce((a, b) => (b > a ? b : a))
        : undefined;
      return {
        partition: s.partition,
        low: s.low,
        high: s.high,
        start: s.start,
        next: last === undefined ? s.position : last + 1n,
        previous: clamp(first - BigInt(limit), s.low, s.high),
      };
    }),
  };
}

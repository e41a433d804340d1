/**
 * Following a topic's new records without a consumer group: each partition
 * is fetched from its end in turn, with a short broker-side wait, until the
 * signal aborts. Used by the message browser's live tail and `peek --follow`.
 */
import type {
  DirectFetcher,
  FetchedRecord,
  Isolation,
} from "./kafka_patches/direct_fetch.ts";
import { matchesFilters } from "./topic_reader.ts";

export interface FollowOptions {
  fetcher: DirectFetcher;
  topic: string;
  /** One partition, or every partition when absent. */
  partition?: number;
  /** @default "read_committed" */
  isolation?: Isolation;
  keyFilter?: string;
  valueFilter?: string;
  /** Where to start per partition. @default each partition's end */
  from?: Map<number, bigint>;
  /** The broker's wait for new data, per partition and turn. @default 300 */
  maxWaitMs?: number;
  /** Called with each partition's new matching records, oldest first. */
  onRecords(records: FetchedRecord[]): void | Promise<void>;
  /** Called once the start positions are known: records produced from now on are followed. */
  onReady?(): void;
  signal: AbortSignal;
}

/** Follows `topic` until `signal` aborts; resolves then. A broker error rejects. */
export async function followRecords(options: FollowOptions): Promise<void> {
  const {
    fetcher,
    topic,
    partition,
    isolation = "read_committed",
    maxWaitMs = 300,
    onRecords,
    signal,
  } = options;
  const ends = await fetcher.offsets(topic);
  const positions = new Map(
    ends.filter((r) => partition === undefined || r.partition === partition)
      .map((r) => [r.partition, options.from?.get(r.partition) ?? r.high]),
  );
  options.onReady?.();
  while (!signal.aborted) {
    for (const [p, offset] of positions) {
      if (signal.aborted) return;
      const got = await fetcher.fetch({
        topic,
        partition: p,
        offset,
        isolation,
        maxWaitMs,
      });
      positions.set(p, got.next);
      const fresh = got.records.filter((r) =>
        !r.control && matchesFilters(r, options)
      );
      if (fresh.length > 0 && !signal.aborted) await onRecords(fresh);
    }
  }
}

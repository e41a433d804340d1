/** The dead-letter page's data: the newest dead letters, read without a group, and their counts per reason and minute. */
import { DLQ_HEADERS } from "../processor/dead_letter.ts";
import type { FetchedRecord } from "../../shared/kafka_patches/direct_fetch.ts";
import { recordView } from "../../shared/record_text.ts";
import { type DirectFetcher, readRecords } from "../../shared/topic_reader.ts";
import type {
  DeadLettersView,
  DeadLetterView,
  ReasonSeries,
} from "../../lib/dead_letter_types.ts";

const decoder = new TextDecoder();

function header(record: FetchedRecord, name: string): string | null {
  const value = record.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first ? decoder.decode(first) : null;
}

/** A dead-letter record with its `dlq.*` headers read. */
export function deadLetterView(record: FetchedRecord): DeadLetterView {
  const partition = header(record, DLQ_HEADERS.partition);
  return {
    record: recordView(record),
    reason: header(record, DLQ_HEADERS.reason) ?? "unknown",
    detail: header(record, DLQ_HEADERS.detail) ?? "",
    source_topic: header(record, DLQ_HEADERS.topic),
    source_partition: partition !== null && /^\d+$/.test(partition)
      ? Number(partition)
      : null,
    source_offset: header(record, DLQ_HEADERS.offset),
  };
}

/** Counts per reason and `bucketMs` minute, over the buckets the records span. */
export function countByReason(
  letters: { reason: string; timestamp: number }[],
  bucketMs = 60_000,
): ReasonSeries[] {
  if (letters.length === 0) return [];
  const bucket = (t: number) => Math.floor(t / bucketMs) * bucketMs;
  const first = Math.min(...letters.map((l) => bucket(l.timestamp)));
  const last = Math.max(...letters.map((l) => bucket(l.timestamp)));
  const counts = new Map<string, Map<number, number>>();
  for (const { reason, timestamp } of letters) {
    const byBucket = counts.get(reason) ?? new Map<number, number>();
    counts.set(reason, byBucket);
    byBucket.set(bucket(timestamp), (byBucket.get(bucket(timestamp)) ?? 0) + 1);
  }
  const span: number[] = [];
  // At most the last 24 hours of buckets: the chart needs no more.
  for (
    let t = Math.max(first, last - 1439 * bucketMs);
    t <= last;
    t += bucketMs
  ) {
    span.push(t);
  }
  return [...counts].map(([reason, byBucket]) => ({
    reason,
    total: [...byBucket.values()].reduce((a, b) => a + b, 0),
    points: span.map((t) => ({ t, v: byBucket.get(t) ?? 0 })),
  })).sort((a, b) => b.total - a.total || a.reason.localeCompare(b.reason));
}

export interface ReadDeadLettersOptions {
  fetcher: DirectFetcher;
  topic: string;
  /** Newest dead letters counted. @default 2000 */
  scan?: number;
  /** Newest shown in full. @default 50 */
  latest?: number;
}

/** Reads the dead-letter topic's newest records (committed only: the processor writes them in transactions). */
export async function readDeadLetters(
  options: ReadDeadLettersOptions,
): Promise<DeadLettersView> {
  const { fetcher, topic, scan = 2_000, latest = 50 } = options;
  const page = await readRecords({
    fetcher,
    topic,
    from: { kind: "latest-minus", n: scan },
    limit: scan,
    maxScan: scan * 2,
    deadlineMs: 4_000,
  });
  const letters = page.records.map(deadLetterView);
  return {
    topic,
    latest: letters.slice(0, latest),
    reasons: countByReason(
      letters.map((l) => ({ reason: l.reason, timestamp: l.record.timestamp })),
    ),
    scanned: page.records.length,
    error: null,
  };
}

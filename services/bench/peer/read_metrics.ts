/** The last record per key of a metrics topic, read committed, up to the end it had when reading started. */
import type { DirectFetcher } from "../../../shared/topic_reader.ts";
import { MetricRecord } from "../../../shared/schemas/metrics.ts";
import { TimeoutError } from "../../../shared/deadline.ts";

export interface LatestMetrics {
  /** By record key, the last valid record. */
  latest: Map<string, MetricRecord>;
  /** Records that are not valid metric records. */
  invalid: number;
}

export interface ReadMetricsOptions {
  /** Give up after this long. @default 30000 */
  timeoutMs?: number;
}

const decoder = new TextDecoder();

function parse(value: Uint8Array): MetricRecord | null {
  try {
    const parsed = MetricRecord.safeParse(JSON.parse(decoder.decode(value)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Reads every partition of `topic` from its start to the high watermark it
 * had when reading started. Committed records only: an open transaction
 * holds the read back at its first record until it ends or the time is up.
 */
export async function readLatestMetrics(
  fetcher: DirectFetcher,
  topic: string,
  options: ReadMetricsOptions = {},
): Promise<LatestMetrics> {
  const { timeoutMs = 30_000 } = options;
  const giveUpAt = performance.now() + timeoutMs;
  const latest = new Map<string, MetricRecord>();
  let invalid = 0;
  for (const { partition, low, high } of await fetcher.offsets(topic)) {
    let offset = low;
    while (offset < high) {
      if (performance.now() > giveUpAt) {
        throw new TimeoutError(
          `Cannot read ${topic}: partition ${partition} stopped at offset ${offset} of ${high} for ${timeoutMs} ms`,
        );
      }
      const page = await fetcher.fetch({
        topic,
        partition,
        offset,
        isolation: "read_committed",
        maxBytes: 1_048_576,
        maxWaitMs: 200,
      });
      for (const record of page.records) {
        if (record.control || record.offset >= high) continue;
        const parsed = record.value === null ? null : parse(record.value);
        if (!parsed || record.key === null) {
          invalid++;
          continue;
        }
        latest.set(decoder.decode(record.key), parsed);
      }
      offset = page.next;
    }
  }
  return { latest, invalid };
}

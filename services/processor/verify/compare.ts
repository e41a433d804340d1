/** The comparison `verify` prints: stream records against the batch recomputation. */
import {
  type MetricRecord,
  WINDOWED_METRICS,
} from "../../../shared/schemas/metrics.ts";
import { iso } from "../time.ts";
import type { BatchWindow } from "./recompute.ts";

export type WindowedMetric = typeof WINDOWED_METRICS[number];

export interface MetricComparison {
  metric: WindowedMetric;
  compared: number;
  equal: number;
  different: number;
  /** Closed in batch, behind the stream's progress, but no final record. */
  missing: number;
  /** A final record for a window the batch does not have. */
  unexpected: number;
  /** First few differences, for the report. */
  examples: string[];
  /**
   * For `events_per_minute`: events the stream counted beyond the batch
   * (`extra`, counted twice) and short of it (`lost`), over differing windows.
   */
  extra: number;
  lost: number;
}

/** Stable JSON: object keys sorted, so equal data compares equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0),
        )
        : v,
  );
}

/** Stream minus batch events in one window of `events_per_minute`. */
function eventsDelta(stream: unknown, batch: unknown): number {
  const total = (data: unknown) =>
    Number((data as { total?: number } | undefined)?.total ?? 0);
  return total(stream) - total(batch);
}

/** Compares the latest final record per key with the batch windows. */
export function compareMetrics(
  finals: MetricRecord[],
  batch: BatchWindow[],
): MetricComparison[] {
  const batchByKey = new Map<string, BatchWindow>();
  for (const w of batch) batchByKey.set(`${iso(w.start)}|${w.partition}`, w);
  const latestFinal = new Map<number, string>();
  for (const r of finals) {
    const prev = latestFinal.get(r.partition);
    if (!prev || r.window_start > prev) {
      latestFinal.set(r.partition, r.window_start);
    }
  }
  return WINDOWED_METRICS.map((metric) => {
    const result: MetricComparison = {
      metric,
      compared: 0,
      equal: 0,
      different: 0,
      missing: 0,
      unexpected: 0,
      examples: [],
      extra: 0,
      lost: 0,
    };
    const seen = new Set<string>();
    for (const record of finals) {
      if (record.metric !== metric) continue;
      const key = `${record.window_start}|${record.partition}`;
      seen.add(key);
      const expected = batchByKey.get(key);
      if (!expected) {
        result.unexpected++;
        if (result.examples.length < 3) {
          result.examples.push(`unexpected window ${key}`);
        }
        continue;
      }
      result.compared++;
      const want = canonical(expected.data[metric]);
      const got = canonical(record.data);
      if (want === got) {
        result.equal++;
      } else {
        result.different++;
        const delta = metric === "events_per_minute"
          ? eventsDelta(record.data, expected.data[metric])
          : 0;
        if (delta > 0) result.extra += delta;
        else result.lost -= delta;
        if (result.examples.length < 3) {
          const how = delta === 0
            ? ""
            : delta > 0
            ? ` (+${delta} events counted twice)`
            : ` (${delta} events lost)`;
          result.examples.push(
            `${key}${how}: stream ${got.slice(0, 300)} batch ${
              want.slice(0, 300)
            }`,
          );
        }
      }
    }
    for (const w of batch) {
      const key = `${iso(w.start)}|${w.partition}`;
      if (seen.has(key) || !w.closedByWatermark) continue;
      const last = latestFinal.get(w.partition);
      if (last && iso(w.start) < last) {
        result.missing++;
        if (result.examples.length < 3) result.examples.push(`missing ${key}`);
      }
    }
    return result;
  });
}

export function formatComparison(rows: MetricComparison[]): string {
  const header = [
    "metric",
    "compared",
    "equal",
    "different",
    "missing",
    "unexpected",
  ];
  const lines = [
    header,
    ...rows.map((r) => [
      r.metric,
      String(r.compared),
      String(r.equal),
      String(r.different),
      String(r.missing),
      String(r.unexpected),
    ]),
  ];
  const widths = header.map((_, col) =>
    Math.max(...lines.map((l) => l[col].length))
  );
  const table = lines.map((l) =>
    l.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()
  );
  const examples = rows.flatMap((r) =>
    r.examples.map((e) => `  ${r.metric}: ${e}`)
  );
  return [...table, ...examples].join("\n");
}

/** Delivery counters of a run, and the summary and status lines made from them. */
import { EVENT_TYPES } from "../../shared/schemas/events.ts";
import type { ProducerRecord } from "./model/generate.ts";

export interface ProducerStats {
  /** Records the broker acknowledged, valid and bad. */
  events: number;
  valid: number;
  bad: number;
  byType: Record<string, number>;
  badByKind: Record<string, number>;
  /** Valid records the `late` scenario sent minutes after their event. */
  delayed: number;
  /** Sum of acknowledged value sizes (UTF-16 length: the JSON is ASCII). */
  bytes: number;
  /** Records whose delivery failed after the client's retries. */
  deliveryErrors: number;
  /** Records sent and not yet acknowledged or failed. */
  inFlight: number;
}

export function createStats(): ProducerStats {
  return {
    events: 0,
    valid: 0,
    bad: 0,
    byType: Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])),
    badByKind: {},
    delayed: 0,
    bytes: 0,
    deliveryErrors: 0,
    inFlight: 0,
  };
}

/** Counts an acknowledged batch. */
export function countDelivered(stats: ProducerStats, batch: ProducerRecord[]) {
  for (const record of batch) {
    stats.bytes += record.value.length;
    if (record.bad) {
      stats.bad++;
      stats.badByKind[record.bad] = (stats.badByKind[record.bad] ?? 0) + 1;
    } else {
      stats.valid++;
      stats.byType[record.eventType]++;
      if (record.delayedMs !== undefined) stats.delayed++;
    }
  }
  stats.events += batch.length;
  stats.inFlight -= batch.length;
}

/** Counts a batch the broker never acknowledged. */
export function countFailed(stats: ProducerStats, batch: ProducerRecord[]) {
  stats.deliveryErrors += batch.length;
  stats.inFlight -= batch.length;
}

/** The `--summary-json` document. */
export interface Summary {
  events: number;
  valid: number;
  bad: number;
  by_type: Record<string, number>;
  bad_by_kind: Record<string, number>;
  /** Valid events sent late (`--scenario late`). */
  delayed: number;
  elapsed_ms: number;
  events_per_sec: number;
  bytes: number;
  avg_record_bytes: number;
  delivery_errors: number;
}

export function summarize(stats: ProducerStats, elapsedMs: number): Summary {
  return {
    events: stats.events,
    valid: stats.valid,
    bad: stats.bad,
    by_type: { ...stats.byType },
    bad_by_kind: { ...stats.badByKind },
    delayed: stats.delayed,
    elapsed_ms: Math.round(elapsedMs),
    events_per_sec: elapsedMs > 0
      ? Math.round((stats.events / elapsedMs) * 1000)
      : 0,
    bytes: stats.bytes,
    avg_record_bytes: stats.events > 0
      ? Math.round(stats.bytes / stats.events)
      : 0,
    delivery_errors: stats.deliveryErrors,
  };
}

const SHORT: Record<string, string> = {
  game_page_viewed: "views",
  search_performed: "searches",
  wishlist_action: "wishlist",
  cart_action: "cart",
  purchase: "purchases",
};

/** The one-line summary printed at the end of a run. */
export function formatSummary(summary: Summary): string {
  const late = summary.delayed > 0
    ? `, ${summary.delayed} of them sent late`
    : "";
  return `Produced ${summary.events} events (${summary.valid} valid${late}, ${summary.bad} bad) in ${
    (summary.elapsed_ms / 1000).toFixed(1)
  } s: ${summary.events_per_sec} events/s, ${summary.avg_record_bytes} B avg, ${summary.delivery_errors} delivery errors`;
}

/** The live status line: per-type rates since the previous line, totals, errors, in flight. */
export function formatStatus(
  stats: ProducerStats,
  previous: ProducerStats,
  intervalMs: number,
): string {
  const per = (now: number, before: number) =>
    Math.round(((now - before) / intervalMs) * 1000);
  const types = Object.keys(SHORT).map((t) =>
    `${SHORT[t]} ${per(stats.byType[t], previous.byType[t] ?? 0)}`
  ).join(" ");
  return `${
    per(stats.events, previous.events)
  } events/s (${types}) | total ${stats.events} | bad ${stats.bad} | delivery errors ${stats.deliveryErrors} | in flight ${stats.inFlight}`;
}

/** A copy for the next status interval. */
export function snapshot(stats: ProducerStats): ProducerStats {
  return {
    ...stats,
    byType: { ...stats.byType },
    badByKind: { ...stats.badByKind },
  };
}

/** What route handlers get as `ctx.state`: the dashboard's live parts, behind an interface tests can fake. */
import type { MetricsConsumerStats } from "./metrics_consumer.ts";
import type { MetricStore } from "./metric_store.ts";
import type { PagesBackend } from "./pages_backend.ts";
import type { SseHub } from "./sse_hub.ts";
import type { KafkaOverview } from "../../lib/kafka_types.ts";
import type { MonitorState } from "../../lib/monitor_types.ts";
import type { LabWatchers } from "../labs/watch.ts";

export interface DashboardState {
  store: MetricStore;
  hub: SseHub;
  consumer: MetricsConsumerStats;
  /** The Kafka panel's data; cached for a moment, one request at a time. */
  kafkaOverview(): Promise<KafkaOverview>;
  /** The latest broker poll of the processor group and the alerts. */
  monitor(): MonitorState;
  /** True when the broker answered recently. */
  brokerReachable(): Promise<boolean>;
  /** The read-only message browser, groups and dead-letter pages. */
  pages: PagesBackend;
  /** The Labs pages' watchers: each lab's steps checked against broker snapshots. */
  labs: LabWatchers;
  startedAt: number;
  now(): number;
}

/**
 * Wraps a loader so that callers within `ttlMs` share one result and
 * concurrent callers share one request.
 */
export function cached<T>(
  load: () => Promise<T>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<T> {
  let value: { at: number; promise: Promise<T> } | undefined;
  return function cachedLoad() {
    if (value && now() - value.at < ttlMs) return value.promise;
    const promise = load();
    const entry = { at: now(), promise };
    value = entry;
    // A failure is not kept: the next caller tries again.
    promise.catch(() => {
      if (value === entry) value = undefined;
    });
    return promise;
  };
}

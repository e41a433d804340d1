/** The alert rules: one pure function over the broker's figures and the metric records, with the seed's thresholds. */
import { eventTimeAlerts } from "./event_time_alert.ts";
import { recentBy } from "../../lib/pipeline.ts";
import type { GroupView, PartitionLag } from "../../lib/kafka_types.ts";
import type { Alert } from "../../lib/monitor_types.ts";
import type { WindowIndex } from "../../lib/windows.ts";

export interface AlertThresholds {
  /** Consumer lag of any one topic-partition. @default 1000 */
  maxLag: number;
  /** Errors over records read, over 5 minutes. @default 0.01 */
  maxErrorRate: number;
  /** Producer delivery failures in one minute. @default 10 */
  maxProducerFailuresPerMinute: number;
  /** The processor re-emits health every 5 s; silence longer than this is reported. @default 60 */
  maxSilenceSeconds: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  maxLag: 1000,
  maxErrorRate: 0.01,
  maxProducerFailuresPerMinute: 10,
  maxSilenceSeconds: 60,
};

/** One partition's copies as the broker's metadata reports them. */
export interface PartitionReplication {
  topic: string;
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface AlertInput {
  /** The latest broker poll of the processor group; null before the first. */
  group: GroupView | null;
  /** The merged metric windows. */
  index: WindowIndex;
  nowMs: number;
  thresholds?: AlertThresholds;
  /** Leader, replicas and ISR of the project's partitions; null before the first read. */
  replication?: PartitionReplication[] | null;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const name = (p: PartitionLag) => `${p.topic}/${p.partition}`;

/**
 * The alerts that hold at `nowMs`. Each clears by itself once its condition
 * ends: broker rules look at the latest poll only, metric rules at the newest
 * windows, and stale windows do not count.
 */
export function evaluateAlerts(input: AlertInput): Alert[] {
  const { group, index, nowMs, thresholds = DEFAULT_THRESHOLDS } = input;
  return [
    ...replicationAlerts(input.replication ?? []),
    ...(group ? groupAlerts(group, nowMs, thresholds) : []),
    ...metricAlerts(index, nowMs, thresholds),
    ...eventTimeAlerts(index, nowMs),
  ];
}

/**
 * Partitions with fewer in-sync copies than replicas: a broker is down or
 * behind, and one more loss may refuse acks=all writes (or lose data).
 */
function replicationAlerts(partitions: PartitionReplication[]): Alert[] {
  const under = partitions.filter((p) => p.isr.length < p.replicas.length);
  if (under.length === 0) return [];
  const missing = new Set(
    under.flatMap((p) => p.replicas.filter((r) => !p.isr.includes(r))),
  );
  return [{
    rule: "under_replicated",
    reason: `${under.length} partition(s) under-replicated: broker(s) ${
      [...missing].sort((a, b) => a - b).join(", ")
    } out of sync (${
      under.slice(0, 5).map((p) =>
        `${p.topic}/${p.partition} isr ${p.isr.join(",")} of ${
          p.replicas.join(",")
        }`
      ).join("; ")
    }${under.length > 5 ? "; ..." : ""})`,
    partitions: under.map((p) => `${p.topic}/${p.partition}`),
  }];
}

function groupAlerts(
  group: GroupView,
  nowMs: number,
  thresholds: AlertThresholds,
): Alert[] {
  const alerts: Alert[] = [];
  const over = group.lag.filter((p) => p.lag > thresholds.maxLag);
  if (over.length > 0) {
    const worst = over.reduce((a, b) => b.lag > a.lag ? b : a);
    alerts.push({
      rule: "consumer_lag",
      reason: `Consumer lag ${
        fmt(worst.lag)
      } on ${worst.topic} partition ${worst.partition}${
        over.length > 1 ? ` and ${over.length - 1} more partition(s)` : ""
      } (limit ${fmt(thresholds.maxLag)})`,
      partitions: over.map(name),
    });
  }
  const stalled = group.lag.filter((p) => p.stalled);
  if (stalled.length > 0) {
    const list = stalled.map((p) =>
      `${name(p)} (lag ${fmt(p.lag)}, no commit for ${
        fmt((nowMs - (p.stuck_since ?? nowMs)) / 1000)
      } s)`
    );
    alerts.push({
      rule: "partition_stalled",
      reason:
        `${stalled.length} partition(s) stalled, with lag and no committed progress: ${
          list.join(", ")
        }`,
      partitions: stalled.map(name),
    });
  }
  const unowned = group.lag.filter((p) => p.unowned);
  if (unowned.length > 0) {
    alerts.push({
      rule: "partitions_unowned",
      reason:
        `${unowned.length} partition(s) owned by none of the group's ${group.members.length} member(s): ${
          unowned.map(name).join(", ")
        }`,
      partitions: unowned.map(name),
    });
  }
  if (group.members.length === 0 && group.total_lag > 0) {
    alerts.push({
      rule: "no_members",
      reason: `Group ${group.group_id} has no members and ${
        fmt(group.total_lag)
      } records waiting: is the processor running?`,
    });
  }
  return alerts;
}

function metricAlerts(
  index: WindowIndex,
  nowMs: number,
  thresholds: AlertThresholds,
): Alert[] {
  const alerts: Alert[] = [];
  const health = index.pipeline_health ?? [];
  let errors = 0;
  let records = 0;
  for (const w of recentBy(health, nowMs, 5)) {
    errors += w.value.errors;
    records += Object.values(w.value.records_in).reduce((s, n) => s + n, 0);
  }
  if (records > 0 && errors / records > thresholds.maxErrorRate) {
    alerts.push({
      rule: "error_rate",
      reason: `Error rate ${
        (100 * errors / records).toFixed(1)
      }% over 5 minutes (${fmt(errors)} of ${fmt(records)} records; limit ${
        100 * thresholds.maxErrorRate
      }%)`,
    });
  }
  for (const w of recentBy(index.producer_health ?? [], nowMs, 2)) {
    if (w.value.failed > thresholds.maxProducerFailuresPerMinute) {
      const time = new Date(w.window_start).toISOString().slice(11, 16);
      alerts.push({
        rule: "producer_failures",
        reason: `Producer failed to deliver ${
          fmt(w.value.failed)
        } events in the minute from ${time} UTC (limit ${thresholds.maxProducerFailuresPerMinute} per minute)`,
      });
      break;
    }
  }
  const newest = health.reduce(
    (m, w) => Math.max(m, Date.parse(w.emitted_at)),
    0,
  );
  const silent = (nowMs - newest) / 1000;
  if (newest > 0 && silent > thresholds.maxSilenceSeconds) {
    alerts.push({
      rule: "processor_silent",
      reason: `No pipeline health from the processor for ${
        fmt(silent)
      } s: is it running?`,
    });
  }
  return alerts;
}

/** The alert rules on pipeline health, with the seed's thresholds. */
import { recentBy } from "./pipeline.ts";
import type { WindowIndex } from "./windows.ts";

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

export type AlertRule =
  | "consumer_lag"
  | "error_rate"
  | "producer_failures"
  | "processor_silent";

export interface Alert {
  rule: AlertRule;
  /** Why the alert fires, for people. */
  reason: string;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The alerts that hold at `nowMs`. Each clears by itself once its condition
 * ends: rules look only at the newest windows, and stale windows do not count.
 */
export function evaluateAlerts(
  index: WindowIndex,
  nowMs: number,
  thresholds: AlertThresholds = DEFAULT_THRESHOLDS,
): Alert[] {
  const alerts: Alert[] = [];
  const health = index.pipeline_health ?? [];
  const fresh = recentBy(health, nowMs, 2);
  const latest = fresh.at(-1);
  if (latest) {
    let worst: { topic: string; partition: string; lag: number } | undefined;
    for (
      const [partition, topics] of Object.entries(latest.value.lag_by_partition)
    ) {
      for (const [topic, lag] of Object.entries(topics)) {
        if (lag > (worst?.lag ?? thresholds.maxLag)) {
          worst = { topic, partition, lag };
        }
      }
    }
    if (worst) {
      alerts.push({
        rule: "consumer_lag",
        reason: `Consumer lag ${
          fmt(worst.lag)
        } on ${worst.topic} partition ${worst.partition} (limit ${
          fmt(thresholds.maxLag)
        })`,
      });
    }
  }
  const five = recentBy(health, nowMs, 5);
  let errors = 0;
  let records = 0;
  for (const w of five) {
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

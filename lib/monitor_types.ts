/** The shapes of the server's monitoring: alerts with their history, and what the `monitor` SSE event carries. */
import type { GroupView } from "./kafka_types.ts";
import type { VerifyResult } from "../shared/verify_result.ts";

export const ALERT_RULES = [
  "consumer_lag",
  "partition_stalled",
  "partitions_unowned",
  "error_rate",
  "producer_failures",
  "processor_silent",
  "no_members",
  "event_time",
  "under_replicated",
] as const;

export type AlertRule = typeof ALERT_RULES[number];

/** Rules under which the pipeline is not healthy: `/healthz` answers 503 while one holds. */
export const FAILING_RULES: readonly AlertRule[] = [
  "partition_stalled",
  "partitions_unowned",
  "processor_silent",
];

export interface Alert {
  rule: AlertRule;
  /** Why the alert fires, for people. */
  reason: string;
  /** The partitions concerned (`topic/partition`), for partition rules. */
  partitions?: string[];
}

/** An alert that holds, with the time (ISO) it started to. */
export interface ActiveAlert extends Alert {
  since: string;
}

/** An alert that held until `cleared_at` (ISO). */
export interface ClearedAlert extends ActiveAlert {
  cleared_at: string;
}

export interface AlertLog {
  active: ActiveAlert[];
  /** Recently cleared, newest first. */
  cleared: ClearedAlert[];
}

/** The `monitor` SSE event: the latest broker poll and the alerts computed from it. */
export interface MonitorState {
  /** Null until the first poll answers. */
  group: GroupView | null;
  /** Why the last poll failed, if it did. */
  poll_error: string | null;
  alerts: ActiveAlert[];
  cleared: ClearedAlert[];
  /** Epoch ms of the evaluation. */
  evaluated_at: number;
  /** The last `deno task verify` run for this prefix, read with each poll; null when none ran. */
  verify?: VerifyResult | null;
}

/** The shapes the dashboard serves: merged metric windows, snapshots and updates. */
import type {
  MetricData,
  MetricName,
  PipelineHealthData,
  ProducerHealthData,
} from "../shared/schemas/metrics.ts";
import type { DeliverySemantics } from "../shared/schemas/names.ts";

/** What one task reported about its event time and open carts, at `emitted_at`. */
export interface TaskClock {
  emitted_at: string;
  /** Null before the task's first event; absent from older processors. */
  watermark?: string | null;
  lateness_ms?: number;
  session_gap_ms?: number;
  open_carts?: number;
  open_cart_value?: number;
}

/** Pipeline health summed over the processor's tasks, keeping what a sum would hide. */
export type MergedPipelineHealth =
  & Omit<
    PipelineHealthData,
    | "instance_id"
    | "watermark"
    | "lateness_ms"
    | "session_gap_ms"
    | "open_carts"
    | "open_cart_value"
  >
  & {
    instances: string[];
    /** Lag per source topic, per partition index. */
    lag_by_partition: Record<string, Record<string, number>>;
    /** Gauges per partition index: they do not add up over minutes. */
    tasks?: Record<string, TaskClock>;
  };

/** A producer's simulated clock at `emitted_at`. */
export interface ProducerClock {
  emitted_at: string;
  sim_time: string;
  speed: number;
}

/** Producer health summed over producer instances. */
export type MergedProducerHealth =
  & Omit<ProducerHealthData, "instance_id" | "sim_time" | "speed">
  & {
    instances: string[];
    /** Per instance that reports one. */
    clocks?: Record<string, ProducerClock>;
  };

export type MergedValue<M extends MetricName> = M extends "pipeline_health"
  ? MergedPipelineHealth
  : M extends "producer_health" ? MergedProducerHealth
  : MetricData<M>;

/**
 * One metric for one window: the sum over partitions of the latest record per
 * key. Without a parameter, the union over all metrics (narrowed by `metric`).
 */
export type MetricWindow<M extends MetricName = MetricName> = M extends
  MetricName ? WindowOf<M> : never;

interface WindowOf<M extends MetricName> {
  metric: M;
  window_start: string;
  window_end: string;
  /** True once every part of the window is final. */
  final: boolean;
  /** How many keys (partitions or producer instances) contributed. */
  parts: number;
  value: MergedValue<M>;
  /** Newest `emitted_at` among the parts. */
  emitted_at: string;
  /** The delivery semantics stamped on the newest part; absent from older records. */
  semantics?: DeliverySemantics;
  /** Epoch ms when the dashboard consumed the record that last changed this window. */
  received_at: number;
}

/** The `snapshot` SSE event and `GET /api/metrics`. */
export interface Snapshot {
  /** Event id of the last update included. */
  id: string;
  windows: MetricWindow[];
}

/** The `update` SSE event: the windows that changed since the previous one. */
export interface Update {
  id: string;
  /** Epoch ms when the dashboard serialised this update. */
  sent_at: number;
  windows: MetricWindow[];
}

/** The id of a metric window, unique within a snapshot. */
export function windowId(
  window: Pick<MetricWindow, "metric" | "window_start">,
): string {
  return `${window.metric}|${window.window_start}`;
}

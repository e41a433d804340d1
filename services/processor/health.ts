/**
 * `pipeline_health`: one task's own counters over a processing-time minute.
 * Pure: the caller passes the clock and the lag it measured.
 */
import type { MetricRecord } from "../../shared/schemas/metrics.ts";
import { iso, WINDOW_MS, windowStartOf } from "./time.ts";

export interface HealthAcc {
  minute: number;
  recordsIn: Record<string, number>;
  recordsOut: Record<string, number>;
  deadLetters: number;
  lateEvents: number;
  errors: number;
  batches: number;
  batchMs: number;
}

export function newHealth(now: number): HealthAcc {
  return {
    minute: windowStartOf(now),
    recordsIn: {},
    recordsOut: {},
    deadLetters: 0,
    lateEvents: 0,
    errors: 0,
    batches: 0,
    batchMs: 0,
  };
}

export function countIn(acc: HealthAcc, topic: string, n: number) {
  acc.recordsIn[topic] = (acc.recordsIn[topic] ?? 0) + n;
}

export function countOut(acc: HealthAcc, topic: string, n: number) {
  if (n > 0) acc.recordsOut[topic] = (acc.recordsOut[topic] ?? 0) + n;
}

export interface HealthRecordOptions {
  partition: number;
  instanceId: string;
  /** Records between the committed offsets and the high watermarks, per topic. */
  lag: Record<string, number>;
  /** True for the minute's last record. */
  final: boolean;
  now: number;
  /** Session entries dropped by the state caps since the task started. */
  stateDropped?: number;
  /** The task's event time now (see `PipelineHealthData.watermark`). */
  watermark?: number | null;
  latenessMs?: number;
  sessionGapMs?: number;
  openCarts?: { carts: number; cents: number };
}

export function healthRecord(
  acc: HealthAcc,
  options: HealthRecordOptions,
): MetricRecord {
  const { partition, instanceId, lag, final, now, stateDropped = 0 } = options;
  const { watermark, latenessMs, sessionGapMs, openCarts } = options;
  return {
    metric: "pipeline_health",
    window_start: iso(acc.minute),
    window_end: iso(acc.minute + WINDOW_MS),
    partition,
    final,
    emitted_at: iso(now),
    data: {
      instance_id: instanceId,
      records_in: { ...acc.recordsIn },
      records_out: { ...acc.recordsOut },
      dead_letters: acc.deadLetters,
      late_events: acc.lateEvents,
      errors: acc.errors,
      lag: { ...lag },
      processing_ms: acc.batches === 0
        ? 0
        : Math.round((acc.batchMs / acc.batches) * 100) / 100,
      state_dropped: stateDropped,
      ...(watermark === undefined
        ? {}
        : { watermark: watermark === null ? null : iso(watermark) }),
      ...(latenessMs === undefined ? {} : { lateness_ms: latenessMs }),
      ...(sessionGapMs === undefined ? {} : { session_gap_ms: sessionGapMs }),
      ...(openCarts === undefined ? {} : {
        open_carts: openCarts.carts,
        open_cart_value: openCarts.cents / 100,
      }),
    },
  };
}

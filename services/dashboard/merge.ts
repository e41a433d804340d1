/** Merging the parts of a metric window: the whole is the sum of its partitions. */
import type { MetricRecord } from "../../shared/schemas/metrics.ts";
import type {
  MergedPipelineHealth,
  MergedProducerHealth,
  MergedValue,
} from "../../lib/types.ts";

type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/** Adds numbers, unions objects key by key (adding again), keeps the later of anything else. */
export function sumData(a: Json | undefined, b: Json): Json {
  if (typeof b === "number") return (typeof a === "number" ? a : 0) + b;
  if (typeof b === "object" && b !== null && !Array.isArray(b)) {
    const base = typeof a === "object" && a !== null && !Array.isArray(a)
      ? a
      : {};
    const out: { [key: string]: Json } = { ...base };
    for (const [key, value] of Object.entries(b)) {
      out[key] = sumData(base[key], value);
    }
    return out;
  }
  return b;
}

const cents = (value: number) => Math.round(value * 100) / 100;

/** The merged value of one metric window from the latest record of each of its parts. */
export function mergeParts<M extends MetricRecord["metric"]>(
  metric: M,
  parts: readonly Extract<MetricRecord, { metric: M }>[],
): MergedValue<M> {
  switch (metric) {
    case "pipeline_health":
      return mergePipeline(
        parts as unknown as Extract<
          MetricRecord,
          { metric: "pipeline_health" }
        >[],
      ) as MergedValue<M>;
    case "producer_health":
      return mergeProducer(
        parts as unknown as Extract<
          MetricRecord,
          { metric: "producer_health" }
        >[],
      ) as MergedValue<M>;
    default: {
      let sum: Json | undefined;
      for (const part of parts) sum = sumData(sum, part.data as Json);
      const value = (sum ?? {}) as MergedValue<M>;
      if (metric === "revenue_per_minute") {
        const revenue = value as MergedValue<"revenue_per_minute">;
        revenue.revenue = cents(revenue.revenue);
      }
      return value;
    }
  }
}

function mergePipeline(
  parts: Extract<MetricRecord, { metric: "pipeline_health" }>[],
): MergedPipelineHealth {
  const merged: MergedPipelineHealth = {
    instances: [],
    records_in: {},
    records_out: {},
    dead_letters: 0,
    late_events: 0,
    errors: 0,
    lag: {},
    // The slowest task is what a person watching the pipeline needs to see.
    processing_ms: 0,
    lag_by_partition: {},
    tasks: {},
  };
  const instances = new Set<string>();
  for (const { data, partition, emitted_at } of parts) {
    instances.add(data.instance_id);
    merged.tasks![String(partition)] = {
      emitted_at,
      watermark: data.watermark,
      lateness_ms: data.lateness_ms,
      session_gap_ms: data.session_gap_ms,
      open_carts: data.open_carts,
      open_cart_value: data.open_cart_value,
    };
    merged.records_in = sumData(merged.records_in, data.records_in) as Record<
      string,
      number
    >;
    merged.records_out = sumData(
      merged.records_out,
      data.records_out,
    ) as Record<
      string,
      number
    >;
    merged.lag = sumData(merged.lag, data.lag) as Record<string, number>;
    merged.dead_letters += data.dead_letters;
    merged.late_events += data.late_events;
    merged.errors += data.errors;
    merged.processing_ms = Math.max(merged.processing_ms, data.processing_ms);
    merged.lag_by_partition[String(partition)] = { ...data.lag };
  }
  merged.instances = [...instances].sort();
  return merged;
}

function mergeProducer(
  parts: Extract<MetricRecord, { metric: "producer_health" }>[],
): MergedProducerHealth {
  const merged: MergedProducerHealth = {
    instances: [],
    sent: 0,
    failed: 0,
    bad_events: 0,
    clocks: {},
  };
  for (const { data, emitted_at } of parts) {
    merged.instances.push(data.instance_id);
    if (data.sim_time !== undefined) {
      merged.clocks![data.instance_id] = {
        emitted_at,
        sim_time: data.sim_time,
        speed: data.speed ?? 1,
      };
    }
    merged.sent += data.sent;
    merged.failed += data.failed;
    merged.bad_events += data.bad_events;
  }
  merged.instances.sort();
  return merged;
}

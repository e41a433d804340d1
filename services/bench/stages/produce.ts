/**
 * Stage 1: the generator's unthrottled events/s against ProducerPerformance
 * with the same record count, the generator's average record size, acks=all,
 * idempotence and snappy, to a topic with as many partitions.
 */
import type { BenchContext } from "../context.ts";
import { withStageTopics } from "../context.ts";
import { waitForExit } from "../children.ts";
import {
  parseProducerPerf,
  producerPerfArgs,
  runKafkaTool,
} from "../kafka_tools.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { formatNumber } from "../table.ts";
import { readProducerSummary } from "../summaries.ts";

const PERF_TOPIC = "bench.perf-producer";
export const BENCH_SEED = 42;

export function runProduceStage(ctx: BenchContext): Promise<BenchResult[]> {
  const events = ctx.plan.produceEvents;
  return withStageTopics(ctx, "produce", async (topics) => {
    const ours: number[] = [];
    const reference: number[] = [];
    const sizes: number[] = [];
    for (let run = 1; run <= ctx.runs; run++) {
      ctx.signal.throwIfAborted();
      const file = await Deno.makeTempFile({ suffix: ".json" });
      try {
        const producer = ctx.start("produce", [
          "--events",
          String(events),
          "--seed",
          String(BENCH_SEED),
          "--summary-json",
          file,
        ], topics.env());
        await waitForExit(producer, 60_000 + events);
        const summary = await readProducerSummary(file);
        if (summary.delivery_errors > 0 || summary.events !== events) {
          throw new Error(
            `Producer delivered ${summary.events} of ${events} events with ${summary.delivery_errors} delivery errors`,
          );
        }
        ours.push(summary.events_per_sec);
        sizes.push(summary.avg_record_bytes);
      } finally {
        await Deno.remove(file).catch(() => {});
      }
      // Interleaved with ours so that noise from the shared machine hits both.
      const output = await runKafkaTool(
        ctx.root,
        producerPerfArgs({
          brokers: ctx.config.KAFKA_BROKERS,
          topic: topics.prefix + PERF_TOPIC,
          records: events,
          recordSize: sizes.at(-1)!,
        }),
        ctx.signal,
      );
      const perf = parseProducerPerf(output);
      reference.push(perf.recordsPerSec);
      ctx.progress(
        `produce run ${run}/${ctx.runs}: ours ${
          formatNumber(ours.at(-1)!)
        } events/s, ProducerPerformance ${
          formatNumber(perf.recordsPerSec)
        } records/s (${events} records of ${Math.round(sizes.at(-1)!)} B)`,
      );
    }
    return [
      makeResult({
        name: "produce",
        unit: "events/s",
        ours,
        reference,
        goal: { on: "ratio", op: ">=", value: 0.5 },
      }),
      makeResult({ name: "produce-record-bytes", unit: "B", ours: sizes }),
    ];
  }, [PERF_TOPIC]);
}

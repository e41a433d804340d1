/**
 * Stage 2: with a backlog on the five store topics, the processor's events/s
 * from start to caught up (its own summary) against ConsumerPerformance
 * reading the same backlog; the processor's peak RSS from /proc.
 */
import type { BenchContext } from "../context.ts";
import { withStageTopics } from "../context.ts";
import { waitForExit } from "../children.ts";
import {
  consumerPerfArgs,
  exactTopicsRegex,
  parseConsumerPerf,
  runKafkaTool,
} from "../kafka_tools.ts";
import { sampleMemory } from "../proc_status.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { readProcessorSummary } from "../summaries.ts";
import { formatNumber } from "../table.ts";
import { fillBacklog } from "../backlog.ts";

const MB = 1024 * 1024;

export function runProcessStage(ctx: BenchContext): Promise<BenchResult[]> {
  return withStageTopics(ctx, "process", async (topics) => {
    const backlog = await fillBacklog(
      ctx,
      "process",
      topics.env(),
      ctx.plan.processBacklog,
    );
    const ours: number[] = [];
    const reference: number[] = [];
    const rss: number[] = [];
    for (let run = 1; run <= ctx.runs; run++) {
      ctx.signal.throwIfAborted();
      const file = await Deno.makeTempFile({ suffix: ".json" });
      try {
        // A fresh group each run, so every run reads the whole backlog and
        // starts cold (the processor's changelog topic is per group).
        const processor = ctx.start(
          "process",
          ["--until-caught-up", "--drain", "--summary-json", file],
          topics.env({
            PROCESSOR_GROUP_ID: `${topics.prefix}bench-run-${run}`,
          }),
        );
        const memory = sampleMemory(processor.pid, 250);
        try {
          await waitForExit(processor, 120_000 + backlog / 2);
        } finally {
          await memory.stop();
        }
        const summary = await readProcessorSummary(file);
        if (summary.records_in < backlog) {
          throw new Error(
            `Processor caught up after ${summary.records_in} of ${backlog} records`,
          );
        }
        ours.push(summary.events_per_sec);
        rss.push(Math.max(memory.peak(), summary.peak_rss_bytes ?? 0) / MB);
      } finally {
        await Deno.remove(file).catch(() => {});
      }
      const perf = parseConsumerPerf(
        await runKafkaTool(
          ctx.root,
          consumerPerfArgs({
            brokers: ctx.config.KAFKA_BROKERS,
            include: exactTopicsRegex(topics.names.store),
            records: backlog,
            group: `${topics.prefix}bench-perf-${run}`,
          }),
          ctx.signal,
        ),
      );
      if (perf.records < backlog) {
        throw new Error(
          `ConsumerPerformance read ${perf.records} of ${backlog} records`,
        );
      }
      reference.push(perf.recordsPerSec);
      ctx.progress(
        `process run ${run}/${ctx.runs}: ours ${
          formatNumber(ours.at(-1)!)
        } events/s (peak RSS ${
          rss.at(-1)!.toFixed(0)
        } MB), ConsumerPerformance ${
          formatNumber(perf.recordsPerSec)
        } records/s`,
      );
    }
    return [
      makeResult({
        name: "process",
        unit: "events/s",
        ours,
        reference,
        goal: { on: "ratio", op: ">=", value: 0.5 },
      }),
      makeResult({ name: "process-rss", unit: "MB", ours: rss }),
    ];
  });
}

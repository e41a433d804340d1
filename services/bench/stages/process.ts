/**
 * Stage 2: with a backlog on the five store topics, the processor's events/s
 * from start to caught up (its own summary) against ConsumerPerformance
 * reading the same backlog, and against the Kafka Streams peer doing the same
 * job (process_peer.ts); the peak RSS of both from /proc.
 */
import type { BenchContext, StageTopics } from "../context.ts";
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
import { fillBacklog } from "../backlog.ts";
import { formatNumber } from "../table.ts";
import { ensurePeerBuilt } from "../peer/build.ts";
import { type PeerCheck, peerScopeNote } from "../peer/compare.ts";
import { writeCatalogFile } from "../peer/launch.ts";
import { checkPeer, createPeerTopics, runPeerOnce } from "./process_peer.ts";

const MB = 1024 * 1024;

/** Our processor once, a fresh group (and so a fresh changelog): events/s and peak RSS in MB. */
async function runOursOnce(
  ctx: BenchContext,
  topics: StageTopics,
  run: number,
  backlog: number,
): Promise<{ eventsPerSec: number; rssMb: number }> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const processor = ctx.start(
      "process",
      ["--until-caught-up", "--drain", "--summary-json", file],
      topics.env({ PROCESSOR_GROUP_ID: `${topics.prefix}bench-run-${run}` }),
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
    return {
      eventsPerSec: summary.events_per_sec,
      rssMb: Math.max(memory.peak(), summary.peak_rss_bytes ?? 0) / MB,
    };
  } finally {
    await Deno.remove(file).catch(() => {});
  }
}

async function runConsumerPerf(
  ctx: BenchContext,
  topics: StageTopics,
  run: number,
  backlog: number,
): Promise<number> {
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
  return perf.recordsPerSec;
}

export async function runProcessStage(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const build = await ensurePeerBuilt({ root: ctx.root, say: ctx.progress });
  const catalogFile = await Deno.makeTempFile({ suffix: "-catalog.json" });
  await writeCatalogFile(catalogFile);
  try {
    return await withStageTopics(ctx, "process", async (topics) => {
      await createPeerTopics(ctx, topics);
      const backlog = await fillBacklog(
        ctx,
        "process",
        topics.env(),
        ctx.plan.processBacklog,
      );
      const ours: number[] = [];
      const rss: number[] = [];
      const reference: number[] = [];
      const streams: number[] = [];
      const streamsRss: number[] = [];
      let check: PeerCheck | undefined;
      // Interleaved (ours, ConsumerPerformance, the peer, ours, ...) so that
      // a burst of noise on the shared machine hits all three.
      for (let run = 1; run <= ctx.runs; run++) {
        ctx.signal.throwIfAborted();
        const mine = await runOursOnce(ctx, topics, run, backlog);
        ours.push(mine.eventsPerSec);
        rss.push(mine.rssMb);
        reference.push(await runConsumerPerf(ctx, topics, run, backlog));
        const peer = await runPeerOnce(
          ctx,
          topics,
          { build, catalogFile },
          run,
          backlog,
        );
        streams.push(peer.eventsPerSec);
        streamsRss.push(peer.peakRssMb);
        // Checked once, early: every run computes the same windows.
        check ??= await checkPeer(ctx, topics);
        ctx.progress(
          `process run ${run}/${ctx.runs}: ours ${
            formatNumber(mine.eventsPerSec)
          } events/s (peak RSS ${
            mine.rssMb.toFixed(0)
          } MB), ConsumerPerformance ${
            formatNumber(reference.at(-1)!)
          } records/s, Kafka Streams peer ${
            formatNumber(peer.eventsPerSec)
          } events/s (peak RSS ${peer.peakRssMb.toFixed(0)} MB)`,
        );
      }
      ctx.progress(
        `process: the peer's metrics equal ours (${
          check!.metrics.map((m) => `${m.metric} ${m.equal}`).join(", ")
        } windows)`,
      );
      return [
        makeResult({
          name: "process",
          unit: "events/s",
          ours,
          reference,
          goal: { on: "ratio", op: ">=", value: 0.5 },
        }),
        makeResult({
          name: "process-vs-streams",
          unit: "events/s",
          ours,
          reference: streams,
          goal: { on: "ratio", op: ">=", value: 1 },
          note:
            `reference: the Kafka Streams peer (services/bench/peer); ${peerScopeNote()}`,
          check,
        }),
        makeResult({ name: "process-rss", unit: "MB", ours: rss }),
        makeResult({
          name: "process-vs-streams-rss",
          unit: "MB",
          ours: rss,
          reference: streamsRss,
          note:
            "reference: the Kafka Streams peer's peak RSS (one JVM, -Xmx512m)",
        }),
      ];
    });
  } finally {
    await Deno.remove(catalogFile).catch(() => {});
  }
}

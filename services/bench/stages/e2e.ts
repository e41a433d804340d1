/**
 * Stage 3: at a steady rate, the time from an event's produce to the first
 * SSE update of the dashboard that includes it (see e2e_events.ts for how an
 * update's counts name the events it includes).
 */
import type { Producer } from "kafkajs";
import { createProducer, RELIABLE_PRODUCER } from "../../../shared/kafka.ts";
import { CompressionTypes } from "kafkajs";
import { SCHEMA_VERSION } from "../../../shared/schemas/events.ts";
import type { EventType } from "../../../shared/schemas/events.ts";
import type { BenchContext, StageTopics } from "../context.ts";
import { withStageTopics } from "../context.ts";
import {
  buildEvent,
  E2E_MIX,
  typeSequence,
  usersByPartition,
} from "../e2e_events.ts";
import { type Breakdown, E2eTracker } from "../e2e_tracker.ts";
import { startDashboard, startProcessor } from "../pipeline.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { readEventStream } from "../sse_reader.ts";
import { percentile } from "../stats.ts";
import { formatNumber } from "../table.ts";

const TICK_MS = 20;
const MAX_IN_FLIGHT = 8;
/** The p99 an event at 5,000 events/s may take to reach the dashboard's clients. */
export const E2E_P99_GOAL_MS = 1_000;
/** How long to wait after the last run for the last events to show up. */
const DRAIN_MS = 15_000;

interface WindowLike {
  metric: string;
  window_start: string;
  emitted_at?: string;
  received_at?: number;
  value: Record<string, number>;
}

/** Feeds every events_per_minute window of a snapshot or update into the tracker. */
export function observe(
  tracker: E2eTracker,
  data: string,
  receivedAt: number,
): void {
  const parsed = JSON.parse(data) as { windows?: WindowLike[] };
  for (const window of parsed.windows ?? []) {
    if (window.metric !== "events_per_minute") continue;
    const start = Date.parse(window.window_start);
    const emittedAt = Date.parse(window.emitted_at ?? "");
    const marks = Number.isFinite(emittedAt) &&
        typeof window.received_at === "number"
      ? { emittedAt, receivedAt: window.received_at }
      : undefined;
    for (const type of Object.keys(E2E_MIX) as EventType[]) {
      const count = window.value[type];
      if (typeof count === "number") {
        tracker.seen(type, start, count, receivedAt, marks);
      }
    }
  }
}

/** Medians of where the time went, for the progress line and the README. */
export function describeBreakdown(parts: readonly Breakdown[]): string {
  if (parts.length === 0) return "no breakdown (updates carry no emitted_at)";
  const median = (pick: (b: Breakdown) => number) =>
    percentile(parts.map(pick), 50);
  return `median split: send→processor emits ${
    median((b) => b.toEmit)
  } ms, →dashboard consumes ${median((b) => b.toDashboard)} ms, →client ${
    median((b) => b.toClient)
  } ms`;
}

/** Produces at `rate` events/s for `durationMs`, tagging events with `run`. */
async function produceSteady(
  producer: Producer,
  topics: StageTopics,
  tracker: E2eTracker,
  rate: number,
  durationMs: number,
  run: number,
  counter: { n: number },
  signal: AbortSignal,
): Promise<number> {
  const users = usersByPartition(20);
  const sequence = typeSequence();
  const started = performance.now();
  let sent = 0;
  const inFlight = new Set<Promise<unknown>>();
  let failure: unknown;
  while (performance.now() - started < durationMs) {
    signal.throwIfAborted();
    if (failure) throw failure;
    const due = Math.floor(rate * (performance.now() - started) / 1000) - sent;
    if (due > 0 && inFlight.size < MAX_IN_FLIGHT) {
      const at = Date.now();
      const byTopic = new Map<
        string,
        { key: string; value: string; headers: Record<string, string> }[]
      >();
      for (let i = 0; i < due; i++) {
        const n = counter.n++;
        const type = sequence[n % sequence.length];
        const list = users[E2E_MIX[type].partition];
        const user = list[n % list.length];
        const topic = topics.names.events[type];
        let messages = byTopic.get(topic);
        if (!messages) byTopic.set(topic, messages = []);
        messages.push({
          key: user,
          value: JSON.stringify(buildEvent(type, user, n, at)),
          headers: { event_type: type, schema_version: String(SCHEMA_VERSION) },
        });
        tracker.sent(type, at, at, run);
      }
      sent += due;
      const send = producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.Snappy,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic,
          messages,
        })),
      }).catch((error) => failure = error).finally(() => inFlight.delete(send));
      inFlight.add(send);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  return sent / ((performance.now() - started) / 1000);
}

async function waitForDrain(
  tracker: E2eTracker,
  timeoutMs: number,
  signal: AbortSignal,
) {
  const deadline = Date.now() + timeoutMs;
  while (tracker.outstanding > 0 && Date.now() < deadline) {
    signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stage 3: one processor and dashboard, each rate in turn, a warm-up before each. */
export async function runE2eStage(ctx: BenchContext): Promise<BenchResult[]> {
  const { e2eRates: rates, e2eRunMs: runMs } = ctx.plan;
  return await withStageTopics(ctx, "e2e", async (topics) => {
    const processor = await startProcessor(ctx, topics);
    const dashboard = await startDashboard(ctx, topics);
    const tracker = new E2eTracker();
    const stream = new AbortController();
    const onAbort = () => stream.abort();
    ctx.signal.addEventListener("abort", onAbort);
    let streamError: unknown;
    const reading = readEventStream(
      `${dashboard.url}/api/stream`,
      (event, at) => {
        if (event.event === "snapshot" || event.event === "update") {
          observe(tracker, event.data, at);
        }
      },
      stream.signal,
    ).catch((error) => streamError = error);
    const producer = createProducer(ctx.kafka, RELIABLE_PRODUCER);
    await producer.connect();
    const counter = { n: 0 };
    const runId = (rateIndex: number, run: number) => rateIndex * 100 + run;
    try {
      for (const [index, rate] of rates.entries()) {
        // Not counted: JIT, connections, and the step up from the previous rate.
        await produceSteady(
          producer,
          topics,
          tracker,
          rate,
          Math.min(5_000, runMs),
          -1,
          counter,
          ctx.signal,
        );
        for (let run = 0; run < ctx.runs; run++) {
          const achieved = await produceSteady(
            producer,
            topics,
            tracker,
            rate,
            runMs,
            runId(index, run),
            counter,
            ctx.signal,
          );
          if (streamError) throw streamError;
          const seen = tracker.latencies(runId(index, run));
          ctx.progress(
            `e2e ${rate}/s run ${run + 1}/${ctx.runs}: sent ${
              formatNumber(achieved)
            } events/s; ${seen.length} seen so far${
              seen.length > 0 ? `, p99 so far ${percentile(seen, 99)} ms` : ""
            }`,
          );
        }
      }
      await waitForDrain(tracker, DRAIN_MS, ctx.signal);
      if (streamError) throw streamError;
      if (tracker.outstanding > 0) {
        throw new Error(
          `${tracker.outstanding} events never showed up on the dashboard within ${DRAIN_MS} ms of the last send`,
        );
      }
    } finally {
      stream.abort();
      ctx.signal.removeEventListener("abort", onAbort);
      await reading;
      await producer.disconnect().catch(() => {});
      await Promise.all([processor.stop(), dashboard.service.stop()]);
    }
    const results: BenchResult[] = [];
    for (const [index, rate] of rates.entries()) {
      const runs = Array.from(
        { length: ctx.runs },
        (_, run) => tracker.latencies(runId(index, run)),
      );
      const name = `e2e-${rate}`;
      results.push(
        makeResult({
          name: `${name}-p50`,
          unit: "ms",
          ours: runs.map((l) => percentile(l, 50)),
        }),
        makeResult({
          name,
          unit: "ms",
          ours: runs.map((l) => percentile(l, 99)),
          goal: rate >= 5_000
            ? { on: "ours", op: "<", value: E2E_P99_GOAL_MS }
            : null,
        }),
        makeResult({
          name: `${name}-max`,
          unit: "ms",
          ours: runs.map((l) => percentile(l, 100)),
        }),
      );
      ctx.progress(
        `e2e ${rate}/s: p99 per run ${
          runs.map((l) => percentile(l, 99)).join(", ")
        } ms over ${runs.map((l) => l.length).join(", ")} events; ${
          describeBreakdown(
            Array.from(
              { length: ctx.runs },
              (_, run) => tracker.breakdowns(runId(index, run)),
            ).flat(),
          )
        }`,
      );
      const p99 = results.at(-2)!;
      if (p99.goal) {
        ctx.progress(
          `goal ${name} p99 < ${(E2E_P99_GOAL_MS / 1000).toFixed(1)} s: ${
            p99.met ? "met" : "NOT met"
          } (median of the runs' p99 ${formatNumber(p99.ours.median)} ms)`,
        );
      }
    }
    return results;
  });
}

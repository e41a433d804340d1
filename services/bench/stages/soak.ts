/**
 * Stage 5 (only with --soak): generator, processor and dashboard at a steady
 * rate for a long while; every service's RSS and the processor's lag sampled
 * on an interval. Memory must not trend upwards and lag must stay bounded.
 */
import type { BenchContext } from "../context.ts";
import { withStageTopics } from "../context.ts";
import { waitForExit } from "../children.ts";
import { fetchLag } from "../lag.ts";
import { startDashboard, startProcessor } from "../pipeline.ts";
import { readMemory } from "../proc_status.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { slope } from "../stats.ts";
import { BENCH_SEED } from "./produce.ts";
import { trafficMultiplier } from "../../producer/rate_controller.ts";

const MB = 1024 * 1024;
/** Samples in the first fifth are warm-up (JIT, buffers, the first windows) and left out of the slope. */
const WARM_UP_SHARE = 0.2;

export interface SoakSample {
  at: number;
  rss: Record<string, number>;
  lag: number;
}

/** RSS slope in MB per minute after the warm-up share of the samples. */
export function rssSlope(
  samples: readonly SoakSample[],
  service: string,
): number {
  const kept = samples.slice(Math.floor(samples.length * WARM_UP_SHARE));
  return slope(
    kept.filter((s) => s.rss[service] !== undefined).map((s) => ({
      x: s.at / 60_000,
      y: s.rss[service] / MB,
    })),
  );
}

/**
 * The generator scales its base rate by a time-of-day curve. Its evening peak
 * (20:30 UTC on a weekday) is flat over minutes, so starting the simulated
 * clock there with base = rate / multiplier gives a steady `rate`.
 */
export function steadySchedule(
  rate: number,
  now: number,
): { start: string; baseRate: number } {
  const day = new Date(now);
  day.setUTCHours(20, 30, 0, 0);
  while (
    day.getUTCDay() === 0 || day.getUTCDay() === 6 || day.getTime() > now
  ) {
    day.setUTCDate(day.getUTCDate() - 1);
  }
  return {
    start: day.toISOString(),
    baseRate: Math.round(rate / trafficMultiplier(day.getTime())),
  };
}

export function runSoakStage(ctx: BenchContext): Promise<BenchResult[]> {
  const { soakRate: rate, soakSampleMs: every } = ctx.plan;
  const durationMs = ctx.soakMs;
  return withStageTopics(ctx, "soak", async (topics) => {
    const processor = await startProcessor(ctx, topics);
    const dashboard = await startDashboard(ctx, topics);
    const schedule = steadySchedule(rate, Date.now());
    const producer = ctx.start("produce", [
      "--rate",
      String(schedule.baseRate),
      "--start",
      schedule.start,
      "--duration",
      `${Math.round(durationMs / 1000)}s`,
      "--seed",
      String(BENCH_SEED + 2),
    ], topics.env());
    const services = { producer, processor, dashboard: dashboard.service };
    const groupId = topics.env().PROCESSOR_GROUP_ID;
    const samples: SoakSample[] = [];
    const started = Date.now();
    try {
      while (Date.now() - started < durationMs) {
        ctx.signal.throwIfAborted();
        await new Promise((resolve) => setTimeout(resolve, every));
        const rss: Record<string, number> = {};
        for (const [name, service] of Object.entries(services)) {
          const usage = await readMemory(service.pid);
          if (usage) rss[name] = usage.rss;
        }
        const lag = await fetchLag(ctx.admin, groupId, topics.names.store);
        samples.push({ at: Date.now() - started, rss, lag });
        ctx.progress(
          `soak ${
            Math.round((Date.now() - started) / 1000)
          } s: lag ${lag}, RSS ${
            Object.entries(rss).map(([n, b]) =>
              `${n} ${(b / MB).toFixed(0)} MB`
            )
              .join(", ")
          }`,
        );
      }
      await waitForExit(producer, 30_000);
    } finally {
      await Promise.all(Object.values(services).map((s) => s.stop()));
    }
    if (samples.length < 3) {
      throw new Error("Soak too short: fewer than 3 samples");
    }
    return [
      ...Object.keys(services).map((name) =>
        makeResult({
          name: `soak-rss-slope-${name}`,
          unit: "MB/min",
          ours: [rssSlope(samples, name)],
          goal: { on: "ours", op: "<", value: 1 },
        })
      ),
      makeResult({
        name: "soak-max-lag",
        unit: "records",
        ours: [Math.max(...samples.map((s) => s.lag))],
        goal: { on: "ours", op: "<", value: 1_000 },
      }),
    ];
  });
}

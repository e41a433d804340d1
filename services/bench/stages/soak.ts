/**
 * Stage 5 (only with --soak): generator, processor and dashboard at a steady
 * rate for a long while; every service's RSS and the processor's lag sampled
 * on an interval. Memory must not trend upwards over the last 10 minutes (the
 * processor's sessions live 30 minutes, so its RSS levels off only after
 * that and a session's length: `--soak-duration 50m`), and lag must stay
 * bounded.
 */
import type { BenchContext } from "../context.ts";
import { withStageTopics } from "../context.ts";
import { waitForExit } from "../children.ts";
import { fetchLag } from "../lag.ts";
import { startDashboard, startProcessor } from "../pipeline.ts";
import { readMemory } from "../proc_status.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { percentile, slope } from "../stats.ts";
import { formatNumber } from "../table.ts";
import { BENCH_SEED } from "./produce.ts";
import { trafficMultiplier } from "../../producer/rate_controller.ts";

const MB = 1024 * 1024;
/** Samples in the first fifth are warm-up (JIT, buffers, the first windows) and left out of the slope. */
const WARM_UP_SHARE = 0.2;
/** The memory figures are taken over this last stretch of the soak. */
export const TAIL_MS = 10 * 60_000;

export interface SoakSample {
  at: number;
  rss: Record<string, number>;
  lag: number;
}

/** The samples of the last 10 minutes, without the warm-up share of a shorter soak. */
export function tailSamples(samples: readonly SoakSample[]): SoakSample[] {
  const last = samples.at(-1)?.at ?? 0;
  return samples.slice(Math.floor(samples.length * WARM_UP_SHARE))
    .filter((s) => s.at >= last - TAIL_MS);
}

function rssPoints(samples: readonly SoakSample[], service: string) {
  return tailSamples(samples).filter((s) => s.rss[service] !== undefined)
    .map((s) => ({ x: s.at / 60_000, y: s.rss[service] / MB }));
}

/** RSS slope in MB per minute over the last 10 minutes (after the warm-up). */
export function rssSlope(
  samples: readonly SoakSample[],
  service: string,
): number {
  return slope(rssPoints(samples, service));
}

/** The level RSS holds over the same stretch: the median, MB (0 without samples). */
export function rssPlateau(
  samples: readonly SoakSample[],
  service: string,
): number {
  const values = rssPoints(samples, service).map((p) => p.y);
  return values.length > 0 ? percentile(values, 50) : 0;
}

/**
 * The generator scales its base rate by a time-of-day curve. Its evening peak
 * (20:24 UTC on a weekday, the lunch bump pulling it before 20:30) is flat
 * over minutes, so a soak centred on it with base = rate / the window's mean
 * multiplier gives a steady `rate`: a 40-minute soak stays within 1 %.
 */
export function steadySchedule(
  rate: number,
  now: number,
  durationMs = 0,
): { start: string; baseRate: number } {
  const peak = new Date(now);
  peak.setUTCHours(20, 24, 0, 0);
  const lead = Math.round(durationMs / 2);
  // A past weekday whose window is over by now.
  while (
    peak.getUTCDay() === 0 || peak.getUTCDay() === 6 ||
    peak.getTime() + lead > now
  ) {
    peak.setUTCDate(peak.getUTCDate() - 1);
  }
  const start = peak.getTime() - lead;
  const minutes = Math.max(1, Math.round(durationMs / 60_000));
  let sum = 0;
  for (let m = 0; m <= minutes; m++) {
    sum += trafficMultiplier(start + (m * durationMs) / minutes);
  }
  return {
    start: new Date(start).toISOString(),
    baseRate: Math.round(rate / (sum / (minutes + 1))),
  };
}

export function runSoakStage(ctx: BenchContext): Promise<BenchResult[]> {
  const { soakRate: rate, soakSampleMs: every } = ctx.plan;
  const durationMs = ctx.soakMs;
  return withStageTopics(ctx, "soak", async (topics) => {
    const processor = await startProcessor(ctx, topics);
    const dashboard = await startDashboard(ctx, topics);
    const schedule = steadySchedule(rate, Date.now(), durationMs);
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
    return soakResults(samples, Object.keys(services), ctx.progress);
  });
}

/** The figures: every service's RSS slope and the processor's plateau over the last 10 minutes, and the maximum lag. */
export function soakResults(
  samples: readonly SoakSample[],
  services: readonly string[],
  progress: (line: string) => void = () => {},
): BenchResult[] {
  const tail = tailSamples(samples);
  const stretch = `samples from ${minutes(tail[0].at)} to ${
    minutes(tail.at(-1)!.at)
  } min`;
  const slopes = services.map((name) =>
    makeResult({
      name: `soak-rss-slope-${name}`,
      unit: "MB/min",
      ours: [rssSlope(samples, name)],
      goal: { on: "ours", op: "<", value: 1 },
      note: stretch,
    })
  );
  const plateau = rssPlateau(samples, "processor");
  const processor = slopes.find((r) => r.name.endsWith("-processor"));
  if (processor) {
    progress(
      `goal processor RSS slope < 1 MB/min over the last ${
        minutes(TAIL_MS)
      } min: ${processor.met ? "met" : "NOT met"} (${
        formatNumber(processor.ours.median)
      } MB/min, ${stretch}; plateau ${formatNumber(plateau)} MB)`,
    );
  }
  return [
    ...slopes,
    makeResult({
      name: "soak-rss-plateau-processor",
      unit: "MB",
      ours: [plateau],
      note: `median processor RSS, ${stretch}`,
    }),
    makeResult({
      name: "soak-max-lag",
      unit: "records",
      ours: [Math.max(...samples.map((s) => s.lag))],
      goal: { on: "ours", op: "<", value: 1_000 },
    }),
  ];
}

function minutes(ms: number): string {
  return formatNumber(ms / 60_000, 1);
}

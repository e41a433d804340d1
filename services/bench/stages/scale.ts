/**
 * Stage `scale` (only with --only scale): the processor's catch-up events/s on
 * one backlog with 1, 2 and 3 instances (processes, one thread each) and with
 * 1, 2 and 3 workers in one instance; a fresh group, so fresh state, each run.
 */
import type { BenchContext } from "../context.ts";
import { withStageTopics } from "../context.ts";
import { waitForExit } from "../children.ts";
import { fillBacklog } from "../backlog.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { readProcessorSummary } from "../summaries.ts";
import { formatNumber } from "../table.ts";

export interface ScaleSetup {
  instances: number;
  workers: number;
}

/** 1×1 first: the baseline the others are compared with. */
export const SCALE_SETUPS: readonly ScaleSetup[] = [
  { instances: 1, workers: 1 },
  { instances: 2, workers: 1 },
  { instances: 3, workers: 1 },
  { instances: 1, workers: 2 },
  { instances: 1, workers: 3 },
];

export function scaleName({ instances, workers }: ScaleSetup): string {
  return `process-scale-${instances}x${workers}`;
}

export interface RunSpan {
  records_in: number;
  started_at: string;
  finished_at: string;
}

/** Events/s of instances run together: the backlog over the time from the first start to the last finish. */
export function combinedRate(spans: readonly RunSpan[], backlog: number) {
  const start = Math.min(...spans.map((s) => Date.parse(s.started_at)));
  const end = Math.max(...spans.map((s) => Date.parse(s.finished_at)));
  const read = spans.reduce((sum, s) => sum + s.records_in, 0);
  if (!(end > start) || read < backlog) {
    throw new Error(
      `Cannot rate the run: ${read} of ${backlog} records read between ${start} and ${end}`,
    );
  }
  return backlog / ((end - start) / 1000);
}

/** One figure per setup: ratio to 1×1 (the speed-up), and what bounds it on this machine. */
export function scaleResults(
  rates: ReadonlyMap<string, number[]>,
  cores: number,
): BenchResult[] {
  const base = rates.get(scaleName(SCALE_SETUPS[0])) ?? [];
  return SCALE_SETUPS.map((setup, i) => {
    const who = setup.workers === 1
      ? `${setup.instances} instance${setup.instances > 1 ? "s" : ""}`
      : `1 instance, ${setup.workers} workers`;
    return makeResult({
      name: scaleName(setup),
      unit: "events/s",
      ours: rates.get(scaleName(setup)) ?? [],
      reference: i === 0 ? null : base,
      note: i === 0
        ? "1 instance on its main thread: the reference of the rows below"
        : `${who}; ${cores} cores shared with the broker bound the speed-up below ${cores}`,
    });
  });
}

async function runSetup(
  ctx: BenchContext,
  env: (extra: Record<string, string>) => Record<string, string>,
  setup: ScaleSetup,
  group: string,
  backlog: number,
): Promise<number> {
  const files = await Promise.all(
    Array.from(
      { length: setup.instances },
      () => Deno.makeTempFile({ suffix: ".json" }),
    ),
  );
  try {
    const children = files.map((file, i) =>
      ctx.start("process", [
        "--until-caught-up",
        "--drain",
        "--workers",
        String(setup.workers),
        "--instance-id",
        `scale-${i}`,
        "--summary-json",
        file,
      ], env({ PROCESSOR_GROUP_ID: group }))
    );
    await Promise.all(
      children.map((child) => waitForExit(child, 120_000 + backlog / 2)),
    );
    const spans = await Promise.all(files.map(readProcessorSummary));
    return combinedRate(spans as RunSpan[], backlog);
  } finally {
    await Promise.all(files.map((f) => Deno.remove(f).catch(() => {})));
  }
}

export function runScaleStage(ctx: BenchContext): Promise<BenchResult[]> {
  return withStageTopics(ctx, "scale", async (topics) => {
    const backlog = await fillBacklog(
      ctx,
      "scale",
      topics.env(),
      ctx.plan.scaleBacklog,
    );
    const rates = new Map<string, number[]>();
    // Setups interleaved run by run, so that a burst of noise hits them all.
    for (let run = 1; run <= ctx.runs; run++) {
      for (const setup of SCALE_SETUPS) {
        ctx.signal.throwIfAborted();
        const name = scaleName(setup);
        const rate = await runSetup(
          ctx,
          topics.env,
          setup,
          `${topics.prefix}${name}-${run}`,
          backlog,
        );
        rates.set(name, [...rates.get(name) ?? [], rate]);
        ctx.progress(
          `scale run ${run}/${ctx.runs}: ${setup.instances} instance(s) × ${setup.workers} worker(s): ${
            formatNumber(rate)
          } events/s`,
        );
      }
    }
    return scaleResults(rates, navigator.hardwareConcurrency);
  });
}

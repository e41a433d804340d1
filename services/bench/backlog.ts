/** The backlog a catch-up stage processes: generated events on the five store topics. */
import type { BenchContext } from "./context.ts";
import { waitForExit } from "./children.ts";
import { readProducerSummary } from "./summaries.ts";
import { formatNumber } from "./table.ts";
import { BENCH_SEED } from "./stages/produce.ts";

/** Produces `events` generated events (a fixed seed) and returns how many were acknowledged. */
export async function fillBacklog(
  ctx: BenchContext,
  stage: string,
  env: Record<string, string>,
  events: number,
): Promise<number> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    ctx.progress(
      `${stage}: producing a backlog of ${formatNumber(events)} events`,
    );
    const producer = ctx.start("produce", [
      "--events",
      String(events),
      "--seed",
      String(BENCH_SEED + 1),
      "--summary-json",
      file,
    ], env);
    await waitForExit(producer, 120_000 + events / 2);
    const summary = await readProducerSummary(file);
    if (summary.delivery_errors > 0) {
      throw new Error(`Backlog had ${summary.delivery_errors} delivery errors`);
    }
    ctx.progress(
      `${stage}: backlog of ${
        formatNumber(summary.events)
      } events produced at ${formatNumber(summary.events_per_sec)} events/s`,
    );
    return summary.events;
  } finally {
    await Deno.remove(file).catch(() => {});
  }
}

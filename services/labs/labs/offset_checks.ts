/**
 * Lab 4's checks over the processor group's committed offsets on the store
 * topics (from the snapshot's lag figures) and over the last verify. Pure.
 */
import type { GroupView } from "../../../lib/kafka_types.ts";
import { type CheckResult, ok, type StepView, waiting } from "../model.ts";

export interface OffsetTotals {
  /** Summed over every partition of the store topics; a partition without a commit counts at its start. */
  committed: number;
  low: number;
  high: number;
  partitions: number;
  /** Partitions with a commit that are read to their end. */
  caughtUp: number;
}

export function offsetTotals(group: GroupView | null): OffsetTotals {
  const totals = { committed: 0, low: 0, high: 0, partitions: 0, caughtUp: 0 };
  for (const p of group?.lag ?? []) {
    totals.committed += p.committed ?? p.low;
    totals.low += p.low;
    totals.high += p.high;
    totals.partitions++;
    if (p.committed !== null && p.committed >= p.high) totals.caughtUp++;
  }
  return totals;
}

const n = (x: number) => x.toLocaleString("en-US");

function stopped(group: GroupView | null): string | null {
  const members = group?.members.length ?? 0;
  return members > 0
    ? `the group has ${members} live member(s): stop the processor first (deno task offsets and reset refuse while it runs)`
    : null;
}

/** The output topics a reprocess must not write to again. */
export const OUTPUTS = ["analytics.enriched-events", "store.dead-letter"];

/** How far the end offsets of `bases` (topic names without prefix) moved between the snapshots. */
function growth(view: StepView, bases: string[]) {
  return bases.map((base) => {
    const topic = Object.keys(view.now.ends).find((t) => t.endsWith(base));
    const by = topic
      ? (view.now.ends[topic] ?? 0) - (view.start.ends[topic] ?? 0)
      : 0;
    return { base, by };
  });
}

/**
 * The group has read the store topics to their ends: every partition
 * committed at its high watermark. With `unchanged`, also those topics' end
 * offsets stayed put: a reprocess writes nothing to them again, not even a
 * transaction marker.
 */
export function caughtUp(
  view: StepView,
  unchanged: string[] = [],
): CheckResult {
  const now = offsetTotals(view.now.group);
  const start = offsetTotals(view.start.group);
  const total = now.high - now.low;
  if (now.partitions === 0 || total === 0) {
    return waiting("the store topics hold nothing yet: produce first");
  }
  if (now.caughtUp < now.partitions) {
    return waiting(
      `${n(now.high - now.committed)} records not committed yet on ${
        now.partitions - now.caughtUp
      } of ${now.partitions} partitions: run deno task process --until-caught-up --drain`,
    );
  }
  const before = start.committed - start.low;
  const read = before < total
    ? `read ${n(before)} → ${n(total)} of ${n(total)} records`
    : `all ${n(total)} records read`;
  const done = `caught up: ${read} on ${now.partitions} partitions, lag 0`;
  if (unchanged.length === 0) return ok(done);
  const grown = growth(view, unchanged).filter((g) => g.by !== 0);
  if (grown.length > 0) {
    return waiting(
      `${done}, but ${
        grown.map((g) => `${g.base} grew by ${n(g.by)}`).join(" and ")
      }: written again (deno task verify counts it), or new events were produced meanwhile`,
    );
  }
  return ok(
    `${done}; ${
      unchanged.join(" and ")
    } did not grow by a single offset: nothing was written to them again`,
  );
}

/**
 * The committed offsets went back since the step began: to the start of
 * every partition (`to: "earliest"`), or to somewhere past it (`to: "time"`).
 */
export function movedBack(
  view: StepView,
  to: "earliest" | "time",
): CheckResult {
  const now = offsetTotals(view.now.group);
  const start = offsetTotals(view.start.group);
  if (now.committed >= start.committed) {
    return waiting(
      stopped(view.now.group) ??
        `committed offsets not moved back yet: ${
          n(now.committed - now.low)
        } of ${n(now.high - now.low)} records read`,
    );
  }
  const back = `committed offsets moved back by ${
    n(start.committed - now.committed)
  } records`;
  if (to === "earliest") {
    return now.committed === now.low
      ? ok(
        `${back}, to the start of every partition: all ${
          n(now.high - now.low)
        } to read again`,
      )
      : waiting(`${back}, but not to the start of every partition yet`);
  }
  return now.committed > now.low
    ? ok(
      `${back}; the ${
        n(now.committed - now.low)
      } records before the time stay read`,
    )
    : waiting(`${back}: that is the start of the log, not a time within it`);
}

/** A verify run after the step began found the stream exact. */
export function verifiedExact(view: StepView): CheckResult {
  const verify = view.now.verify;
  if (!verify || Date.parse(verify.at) < view.start.at) {
    return waiting("no new deno task verify run yet");
  }
  if (verify.extra > 0 || verify.lost > 0 || !verify.ok) {
    return waiting(
      `verify found +${verify.extra} counted twice, -${verify.lost} lost: ${verify.summary}`,
    );
  }
  return ok(
    `verify exact: ${verify.compared} final metric records equal the batch, nothing counted twice, nothing lost`,
  );
}

/**
 * Lab 7's observations and checks, pure: the stream's late count and each
 * window's final event count, read from the metrics topic, before and after a
 * reprocess with a larger allowed lateness.
 */
import type { VerifyResult } from "../../../shared/verify_result.ts";
import { type CheckResult, ok, type StepView, waiting } from "../model.ts";

/** What the metrics topic says about event time. */
export interface LatenessFigures {
  /** Late events, summed over the latest pipeline_health record per key. */
  late: number;
  /** Records read (records_in) over the same records. */
  read: number;
  /** The allowed lateness(es) the processor reported, ascending; empty before any health. */
  latenessMs: number[];
  /** Final events_per_minute totals per window start (ISO), summed over partitions. */
  windows: Record<string, number>;
  /** Epoch ms of the oldest of those pipeline_health records; null when none. */
  oldestHealthAt: number | null;
}

type Json = Record<string, unknown>;

const sum = (counts: unknown) =>
  Object.values((counts ?? {}) as Record<string, number>).reduce(
    (s, n) => s + (typeof n === "number" ? n : 0),
    0,
  );

/** Figures from the metrics topic's records (key, JSON value), oldest first. */
export function latenessFigures(
  records: { key: string | null; value: Json | null }[],
): LatenessFigures {
  const latest = new Map<string, Json>();
  for (const { key, value } of records) {
    if (key !== null && value !== null) latest.set(key, value);
  }
  const figures: LatenessFigures = {
    late: 0,
    read: 0,
    latenessMs: [],
    windows: {},
    oldestHealthAt: null,
  };
  const lateness = new Set<number>();
  for (const record of latest.values()) {
    const data = (record.data ?? {}) as Json;
    if (record.metric === "pipeline_health") {
      figures.late += Number(data.late_events ?? 0);
      figures.read += sum(data.records_in);
      if (typeof data.lateness_ms === "number") lateness.add(data.lateness_ms);
      const at = Date.parse(String(record.emitted_at));
      if (!Number.isNaN(at)) {
        figures.oldestHealthAt = Math.min(figures.oldestHealthAt ?? at, at);
      }
    } else if (record.metric === "events_per_minute" && record.final) {
      const start = String(record.window_start);
      figures.windows[start] = (figures.windows[start] ?? 0) +
        Number(data.total ?? 0);
    }
  }
  figures.latenessMs = [...lateness].sort((a, b) => a - b);
  return figures;
}

const fmt = (n: number) => n.toLocaleString("en-US");
/** A lateness in words: 30 s, 5 min. */
export const seconds = (ms: number) =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;

function figuresOf(view: StepView["now"]): LatenessFigures | null {
  return (view.probes.lateness as LatenessFigures | undefined) ?? null;
}

/** The verify run after the step began, agreeing with the processor's lateness, or what is missing. */
function verifiedAt(
  view: StepView,
  latenessMs: number,
): { missing: CheckResult } | {
  verify: VerifyResult & { raw: NonNullable<VerifyResult["raw"]> };
} {
  const verify = view.now.verify;
  if (!verify || Date.parse(verify.at) < view.start.at) {
    return { missing: waiting("no new deno task verify run yet") };
  }
  const raw = verify.raw;
  if (!raw) {
    return { missing: waiting("the last verify result has no raw counts") };
  }
  if (raw.lateness_ms !== latenessMs) {
    return {
      missing: waiting(
        `verify recomputed with a lateness of ${
          seconds(raw.lateness_ms)
        }, the processor ran with ${
          seconds(latenessMs)
        }: run verify with the same PROCESSOR_ALLOWED_LATENESS_MS`,
      ),
    };
  }
  if (!verify.ok) {
    return {
      missing: waiting(
        `verify found differences: ${verify.failures.join(", ")}`,
      ),
    };
  }
  return { verify: { ...verify, raw } };
}

/** The processor's single lateness, or why there is none to judge. */
function onlyLateness(f: LatenessFigures | null): number | string {
  if (!f || f.latenessMs.length === 0) {
    return "no pipeline_health records yet: run the processor";
  }
  if (f.latenessMs.length > 1) {
    return `the metrics mix runs with lateness ${
      f.latenessMs.map(seconds).join(" and ")
    }: deno task reset first`;
  }
  return f.latenessMs[0];
}

/** Step 1: events counted late at the default lateness, and verify agrees. */
export function lateCounted(view: StepView): CheckResult {
  const f = figuresOf(view.now);
  const lateness = onlyLateness(f);
  if (typeof lateness === "string") return waiting(lateness);
  if (f!.oldestHealthAt !== null && f!.oldestHealthAt < view.start.at) {
    return waiting(
      "the metrics topic holds records from before this step: start from an empty playground (deno task reset --all --yes)",
    );
  }
  if (f!.late === 0) {
    return waiting(
      `the processor counted no late events at ${
        seconds(lateness)
      }: produce with --scenario late`,
    );
  }
  const seen = verifiedAt(view, lateness);
  if ("missing" in seen) return seen.missing;
  const { raw } = seen.verify;
  if (raw.late !== f!.late) {
    return waiting(
      `the stream counted ${fmt(f!.late)} late events, verify ${
        fmt(raw.late)
      }: has the processor caught up?`,
    );
  }
  return ok(
    `${fmt(f!.late)} of ${fmt(f!.read)} events late at ${
      seconds(lateness)
    } of lateness (pipeline_health late_events), in no window; verify exact and agrees: ${
      fmt(raw.late)
    } late`,
  );
}

/** Step 2: a larger lateness admits the late events into their windows. */
export function windowsGrew(view: StepView): CheckResult {
  const before = figuresOf(view.start);
  const after = figuresOf(view.now);
  const was = onlyLateness(before);
  if (typeof was === "string") {
    return waiting(`before this step: ${was}`);
  }
  const now = onlyLateness(after);
  if (typeof now === "string" || now <= was) {
    return waiting(
      typeof now === "string"
        ? now
        : `the processor still runs with a lateness of ${
          seconds(now)
        }: deno task reset, then run it with a larger PROCESSOR_ALLOWED_LATENESS_MS`,
    );
  }
  const seen = verifiedAt(view, now);
  if ("missing" in seen) return seen.missing;
  const admitted = before!.late - after!.late;
  if (admitted <= 0) {
    return waiting(
      `late events ${fmt(before!.late)} before, ${
        fmt(after!.late)
      } now: is the lateness large enough?`,
    );
  }
  const starts = new Set([
    ...Object.keys(before!.windows),
    ...Object.keys(after!.windows),
  ]);
  const changes = [...starts].sort().map((start) => ({
    start,
    delta: (after!.windows[start] ?? 0) - (before!.windows[start] ?? 0),
  }));
  const grown = changes.filter((c) => c.delta > 0);
  const shrunk = changes.filter((c) => c.delta < 0);
  const growth = grown.reduce((s, c) => s + c.delta, 0);
  if (shrunk.length > 0 || growth !== admitted) {
    return waiting(
      `${fmt(admitted)} fewer late events, but the final windows changed by +${
        fmt(growth)
      } in ${grown.length} and -${
        fmt(shrunk.reduce((s, c) => s - c.delta, 0))
      } in ${shrunk.length}: has the processor drained (--until-caught-up --drain)?`,
    );
  }
  const list = grown.slice(0, 6).map((c) =>
    `${c.start.slice(11, 16)} +${fmt(c.delta)}`
  ).join(", ");
  return ok(
    `late events ${fmt(before!.late)} → ${fmt(after!.late)} at ${
      seconds(now)
    } of lateness; ${grown.length} windows grew by ${
      fmt(growth)
    } events, exactly those no longer late (${list}${
      grown.length > 6 ? ", ..." : ""
    }); verify exact at ${seconds(now)} (${fmt(seen.verify.raw.late)} late)`,
  );
}

/** The client's (and server's) view of the merged windows: indexed by metric, sorted by time. */
import type { MetricName } from "../shared/schemas/metrics.ts";
import { MINUTE_MS } from "../shared/time.ts";
import { type MetricWindow, windowId } from "./types.ts";

const KEEP_MS = 60 * MINUTE_MS;

export type WindowIndex = { [M in MetricName]?: MetricWindow<M>[] };

/** Replaces windows by id, then drops those an hour behind the newest of their metric. */
export function applyWindows(
  current: ReadonlyMap<string, MetricWindow>,
  changed: readonly MetricWindow[],
): Map<string, MetricWindow> {
  const next = new Map(current);
  for (const window of changed) next.set(windowId(window), window);
  const newest = new Map<string, number>();
  for (const w of next.values()) {
    newest.set(
      w.metric,
      Math.max(newest.get(w.metric) ?? 0, Date.parse(w.window_start)),
    );
  }
  for (const [id, w] of next) {
    if (Date.parse(w.window_start) < newest.get(w.metric)! - KEEP_MS) {
      next.delete(id);
    }
  }
  return next;
}

/** Groups windows by metric, each list oldest first. */
export function indexWindows(windows: Iterable<MetricWindow>): WindowIndex {
  const index: Record<string, MetricWindow[]> = {};
  for (const w of windows) (index[w.metric] ??= []).push(w);
  for (const list of Object.values(index)) {
    list.sort((a, b) => a.window_start < b.window_start ? -1 : 1);
  }
  return index as WindowIndex;
}

/**
 * The start of the newest event-time minute shown: the latest window of the
 * store metrics, so a pipeline fed with past event times still draws.
 */
export function seriesEnd(index: WindowIndex, nowMs: number): number {
  let latest = 0;
  for (
    const metric of [
      "revenue_per_minute",
      "events_per_minute",
      "conversion_funnel",
    ] as const
  ) {
    const last = index[metric]?.at(-1);
    if (last) latest = Math.max(latest, Date.parse(last.window_start));
  }
  return latest || Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
}

/** One value per minute for the `minutes` minutes ending at `endMs`, 0 where a window is missing. */
export function perMinute<M extends MetricName>(
  windows: readonly MetricWindow<M>[] | undefined,
  endMs: number,
  minutes: number,
  pick: (window: MetricWindow<M>) => number,
): { t: number; v: number }[] {
  const byStart = new Map(
    (windows ?? []).map((w) => [Date.parse(w.window_start), w]),
  );
  const out: { t: number; v: number }[] = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const t = endMs - i * MINUTE_MS;
    const w = byStart.get(t);
    out.push({ t, v: w ? pick(w) : 0 });
  }
  return out;
}

/** The windows of the last `minutes` minutes ending at `endMs`. */
export function recent<M extends MetricName>(
  windows: readonly MetricWindow<M>[] | undefined,
  endMs: number,
  minutes: number,
): MetricWindow<M>[] {
  const from = endMs - (minutes - 1) * MINUTE_MS;
  return (windows ?? []).filter((w) => {
    const t = Date.parse(w.window_start);
    return t >= from && t <= endMs;
  });
}

/** A ratio as a number in [0, 1], or null when there is nothing to divide. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Metrics the page shows only for the last 15 minutes, and which are the bulk of a snapshot. */
const SHORT_LIVED = new Set(["trending_games", "search_effectiveness"]);

/**
 * The windows a page needs: everything, except per-game and per-query windows
 * older than 15 minutes behind their newest (they make most of the bytes).
 */
export function pageWindows(windows: readonly MetricWindow[]): MetricWindow[] {
  const newest = new Map<string, number>();
  for (const w of windows) {
    if (!SHORT_LIVED.has(w.metric)) continue;
    newest.set(
      w.metric,
      Math.max(newest.get(w.metric) ?? 0, Date.parse(w.window_start)),
    );
  }
  return windows.filter((w) =>
    !SHORT_LIVED.has(w.metric) ||
    Date.parse(w.window_start) > newest.get(w.metric)! - 15 * MINUTE_MS
  );
}

/** The figures of the store panels, computed from the merged windows. */
// From names.ts, not the schemas: the browser bundle must not carry zod.
import { MINUTE_MS } from "../shared/time.ts";
import { EVENT_TYPES, FUNNEL_STEPS } from "../shared/schemas/names.ts";
import type { EventType } from "../shared/schemas/events.ts";
import type { MetricName } from "../shared/schemas/metrics.ts";
import type { MetricWindow } from "./types.ts";
import { perMinute, ratio, recent, type WindowIndex } from "./windows.ts";

/**
 * The newest complete minute before the one starting at `endMs` (which is
 * still filling up), or null while the pipeline has none: every headline
 * "last full minute" figure and its legend read this one window.
 */
export function lastFullMinute<M extends MetricName>(
  windows: readonly MetricWindow<M>[] | undefined,
  endMs: number,
): MetricWindow<M> | null {
  const t = endMs - MINUTE_MS;
  return (windows ?? []).find((w) => Date.parse(w.window_start) === t) ??
    null;
}

export interface RevenuePanel {
  revenue: { t: number; v: number }[];
  orders: { t: number; v: number }[];
  /** The newest complete minute (see `lastFullMinute`), null before one. */
  lastMinute: { t: number; revenue: number; orders: number } | null;
  hour: { revenue: number; orders: number };
}

export function revenuePanel(index: WindowIndex, endMs: number): RevenuePanel {
  const windows = index.revenue_per_minute;
  const revenue = perMinute(windows, endMs, 60, (w) => w.value.revenue);
  const orders = perMinute(windows, endMs, 60, (w) => w.value.orders);
  const last = lastFullMinute(windows, endMs);
  return {
    revenue,
    orders,
    lastMinute: last
      ? {
        t: Date.parse(last.window_start),
        revenue: last.value.revenue,
        orders: last.value.orders,
      }
      : null,
    hour: {
      revenue: Math.round(revenue.reduce((s, p) => s + p.v, 0) * 100) / 100,
      orders: orders.reduce((s, p) => s + p.v, 0),
    },
  };
}

export interface EventsPanel {
  series: { type: EventType; points: { t: number; v: number }[] }[];
  /** The last full minute: its total for the headline, its types for the legend. */
  lastMinute:
    | { t: number; total: number; byType: Record<EventType, number> }
    | null;
}

/** Events per minute per type, for a stacked chart. */
export function eventsPanel(index: WindowIndex, endMs: number): EventsPanel {
  const windows = index.events_per_minute;
  const last = lastFullMinute(windows, endMs);
  return {
    series: EVENT_TYPES.map((type) => ({
      type,
      points: perMinute(windows, endMs, 60, (w) => w.value[type]),
    })),
    lastMinute: last
      ? {
        t: Date.parse(last.window_start),
        total: last.value.total,
        byType: Object.fromEntries(
          EVENT_TYPES.map((type) => [type, last.value[type]]),
        ) as Record<EventType, number>,
      }
      : null,
  };
}

export interface FunnelStepFigure {
  step: typeof FUNNEL_STEPS[number];
  /** Sessions that first reached the step in the range: each at most once. */
  sessions: number;
  /** As a share of viewing sessions, at most 1; null with no viewing session. */
  share: number | null;
}

/**
 * Distinct sessions per funnel step over the last `minutes` (a sum of
 * windows is distinct: see `ConversionFunnelData`), each step as a share of
 * the sessions that viewed a game. A share is capped at 1: a session that
 * viewed just before the range can cart within it.
 */
export function funnelPanel(
  index: WindowIndex,
  endMs: number,
  minutes = 15,
): FunnelStepFigure[] {
  const totals = { viewed: 0, wishlisted: 0, carted: 0, purchased: 0 };
  for (const w of recent(index.conversion_funnel, endMs, minutes)) {
    for (const step of FUNNEL_STEPS) totals[step] += Math.max(0, w.value[step]);
  }
  return FUNNEL_STEPS.map((step) => {
    const share = ratio(totals[step], totals.viewed);
    return {
      step,
      sessions: totals[step],
      share: share === null ? null : Math.min(1, share),
    };
  });
}

export interface TrendingGame {
  id: string;
  title: string;
  views: number;
  purchases: number;
  /** Views (or purchases) per minute, oldest first. */
  spark: number[];
}

/** Top `limit` games by views or purchases over the last `minutes`. */
export function trendingPanel(
  index: WindowIndex,
  endMs: number,
  by: "views" | "purchases",
  limit = 10,
  minutes = 15,
): TrendingGame[] {
  const windows = recent(index.trending_games, endMs, minutes);
  const totals = new Map<string, TrendingGame>();
  for (const w of windows) {
    for (const [id, game] of Object.entries(w.value.games)) {
      const t = totals.get(id) ??
        { id, title: game.title, views: 0, purchases: 0, spark: [] };
      t.views += game.views;
      t.purchases += game.purchases;
      totals.set(id, t);
    }
  }
  const top = [...totals.values()].filter((g) => g[by] > 0).sort((a, b) =>
    b[by] - a[by] || a.title.localeCompare(b.title)
  ).slice(0, limit);
  for (const game of top) {
    game.spark = perMinute(
      index.trending_games,
      endMs,
      minutes,
      (w) => w.value.games[game.id]?.[by] ?? 0,
    ).map((p) => p.v);
  }
  return top;
}

function top(counts: Map<string, number>, limit: number) {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit).map(([query, count]) => ({ query, count }));
}

/** Search effectiveness over the last 15 minutes. */
export function searchPanel(index: WindowIndex, endMs: number, limit = 8) {
  const sums = { searches: 0, zero_result: 0, clicked: 0, converted: 0 };
  const queries = new Map<string, number>();
  const zero = new Map<string, number>();
  for (const w of recent(index.search_effectiveness, endMs, 15)) {
    sums.searches += w.value.searches;
    sums.zero_result += w.value.zero_result;
    sums.clicked += w.value.clicked;
    sums.converted += w.value.converted;
    for (const [q, n] of Object.entries(w.value.queries)) {
      queries.set(q, (queries.get(q) ?? 0) + n);
    }
    for (const [q, n] of Object.entries(w.value.zero_result_queries)) {
      zero.set(q, (zero.get(q) ?? 0) + n);
    }
  }
  return {
    ...sums,
    zeroRate: ratio(sums.zero_result, sums.searches),
    clickThrough: ratio(sums.clicked, sums.searches),
    conversion: ratio(sums.converted, sums.searches),
    topQueries: top(queries, limit),
    topZeroQueries: top(zero, limit),
  };
}

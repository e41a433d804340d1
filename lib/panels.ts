/** The figures of the store panels, computed from the merged windows. */
// From names.ts, not the schemas: the browser bundle must not carry zod.
import { EVENT_TYPES, FUNNEL_STEPS } from "../shared/schemas/names.ts";
import { perMinute, ratio, recent, type WindowIndex } from "./windows.ts";

export interface RevenuePanel {
  revenue: { t: number; v: number }[];
  orders: { t: number; v: number }[];
  /** The newest complete minute: the current one is still filling up. */
  lastMinute: { revenue: number; orders: number };
  hour: { revenue: number; orders: number };
}

export function revenuePanel(index: WindowIndex, endMs: number): RevenuePanel {
  const windows = index.revenue_per_minute;
  const revenue = perMinute(windows, endMs, 60, (w) => w.value.revenue);
  const orders = perMinute(windows, endMs, 60, (w) => w.value.orders);
  return {
    revenue,
    orders,
    lastMinute: { revenue: revenue.at(-2)!.v, orders: orders.at(-2)!.v },
    hour: {
      revenue: Math.round(revenue.reduce((s, p) => s + p.v, 0) * 100) / 100,
      orders: orders.reduce((s, p) => s + p.v, 0),
    },
  };
}

/** Events per minute per type, for a stacked chart. */
export function eventsPanel(index: WindowIndex, endMs: number) {
  const windows = index.events_per_minute;
  return {
    series: EVENT_TYPES.map((type) => ({
      type,
      points: perMinute(windows, endMs, 60, (w) => w.value[type]),
    })),
    lastMinute: perMinute(windows, endMs, 2, (w) => w.value.total)[0].v,
  };
}

/** Sessions per funnel step over the last `minutes`, with step-to-step conversion. */
export function funnelPanel(index: WindowIndex, endMs: number, minutes = 15) {
  const totals = { viewed: 0, wishlisted: 0, carted: 0, purchased: 0 };
  for (const w of recent(index.conversion_funnel, endMs, minutes)) {
    for (const step of FUNNEL_STEPS) totals[step] += w.value[step];
  }
  return FUNNEL_STEPS.map((step, i) => ({
    step,
    sessions: totals[step],
    fromPrevious: i === 0 ? null : ratio(
      totals[step],
      totals[FUNNEL_STEPS[i - 1]],
    ),
    fromFirst: ratio(totals[step], totals.viewed),
  }));
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

/** Abandonment rate over the last 15 minutes and per minute for the hour. */
export function cartPanel(index: WindowIndex, endMs: number) {
  let carts = 0;
  let abandoned = 0;
  for (const w of recent(index.cart_abandonment, endMs, 15)) {
    carts += w.value.carts;
    abandoned += w.value.abandoned;
  }
  return {
    carts,
    abandoned,
    rate: ratio(abandoned, carts),
    trend: perMinute(
      index.cart_abandonment,
      endMs,
      60,
      (w) => ratio(w.value.abandoned, w.value.carts) ?? 0,
    ),
  };
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

/** Renders window accumulators as the records of the metrics contract. */
import type { MetricData, MetricRecord } from "../../shared/schemas/metrics.ts";
import { iso, WINDOW_MS } from "./time.ts";
import type { WindowAcc } from "./window_acc.ts";

/**
 * Entries of a count map a metric record carries: the largest counts (ties by
 * name). Queries and game ids come from the data, so without a cap one window
 * of pathological input makes a record the broker refuses; with ids and
 * queries of the schema's maximum length, these keep a record under 1 MB.
 */
export const MAX_QUERIES = 500;
export const MAX_GAMES = 1_000;

function byName<T>([a]: [string, T], [b]: [string, T]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function top<T>(
  entries: [string, T][],
  limit: number,
  size: (value: T) => number,
): [string, T][] {
  if (entries.length <= limit) return entries;
  return entries
    .sort((x, y) => size(y[1]) - size(x[1]) || byName(x, y))
    .slice(0, limit);
}

function sorted(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    top([...map], MAX_QUERIES, (n) => n).sort(byName),
  );
}

/** The `data` of each windowed metric for one accumulator. */
export function windowData(acc: WindowAcc) {
  const events = acc.events;
  return {
    revenue_per_minute: {
      revenue: acc.revenueCents / 100,
      orders: acc.orders,
      currency: acc.currency ?? "USD",
    },
    events_per_minute: {
      ...events,
      total: events.game_page_viewed + events.wishlist_action +
        events.cart_action + events.purchase + events.search_performed,
    },
    conversion_funnel: { ...acc.funnel },
    trending_games: {
      games: Object.fromEntries(
        top([...acc.games], MAX_GAMES, (t) => t.views + t.purchases)
          .sort(byName)
          .map(([id, tally]) => [id, { ...tally }]),
      ),
    },
    cart_abandonment: { carts: acc.carts, abandoned: acc.abandoned },
    search_effectiveness: {
      searches: acc.searches,
      zero_result: acc.zeroResult,
      clicked: acc.clicked,
      converted: acc.converted,
      queries: sorted(acc.queries),
      zero_result_queries: sorted(acc.zeroResultQueries),
    },
  } satisfies {
    [
      M in Exclude<
        MetricRecord["metric"],
        "pipeline_health" | "producer_health"
      >
    ]: MetricData<M>;
  };
}

/** All six windowed metric records of a window, for one partition. */
export function windowRecords(
  acc: WindowAcc,
  partition: number,
  final: boolean,
  emittedAt: number,
): MetricRecord[] {
  const envelope = {
    window_start: iso(acc.start),
    window_end: iso(acc.start + WINDOW_MS),
    partition,
    final,
    emitted_at: iso(emittedAt),
  };
  return Object.entries(windowData(acc)).map(([metric, data]) =>
    ({ ...envelope, metric, data }) as MetricRecord
  );
}

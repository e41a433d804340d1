/**
 * What one task accumulates for one event-time window: enough to render every
 * windowed metric, and nothing that depends on processing order.
 */
import type { EventType } from "../../shared/schemas/events.ts";

/**
 * Funnel steps as bits, as sessions kept them per window before they kept
 * the time of each step; only read to restore such a changelog.
 */
export const FUNNEL = {
  viewed: 1,
  wishlisted: 2,
  carted: 4,
  purchased: 8,
} as const;

export type FunnelStep = keyof typeof FUNNEL;

/** Sessions credited to each funnel step in a window: those that first reached it there. */
export type FunnelCounts = Record<FunnelStep, number>;

export interface GameTally {
  title: string;
  views: number;
  purchases: number;
}

export interface WindowAcc {
  start: number;
  events: Record<EventType, number>;
  revenueCents: number;
  orders: number;
  currency: string | null;
  /**
   * Sessions that first reached each step in this window. When each session
   * reached which step is kept by the session (see `SessionState.steps`), so
   * this record stays small however many sessions a window has.
   */
  funnel: FunnelCounts;
  games: Map<string, GameTally>;
  carts: number;
  abandoned: number;
  searches: number;
  zeroResult: number;
  clicked: number;
  converted: number;
  queries: Map<string, number>;
  zeroResultQueries: Map<string, number>;
}

export function emptyWindow(start: number): WindowAcc {
  return {
    start,
    events: {
      game_page_viewed: 0,
      wishlist_action: 0,
      cart_action: 0,
      purchase: 0,
      search_performed: 0,
    },
    revenueCents: 0,
    orders: 0,
    currency: null,
    funnel: { viewed: 0, wishlisted: 0, carted: 0, purchased: 0 },
    games: new Map(),
    carts: 0,
    abandoned: 0,
    searches: 0,
    zeroResult: 0,
    clicked: 0,
    converted: 0,
    queries: new Map(),
    zeroResultQueries: new Map(),
  };
}

export function tallyGame(
  acc: WindowAcc,
  gameId: string,
  title: string,
  field: "views" | "purchases",
) {
  let tally = acc.games.get(gameId);
  if (!tally) {
    tally = { title, views: 0, purchases: 0 };
    acc.games.set(gameId, tally);
  }
  tally[field]++;
}

export function bump(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Queries are counted case- and space-insensitively. */
export function normaliseQuery(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * Per-session state a task keeps between windows: the cart (for abandonment)
 * and searches still waiting for a click or a purchase of one of their results.
 */

export interface CartEntry {
  /** Event time of the latest cart action for this game. */
  time: number;
  inCart: boolean;
}

export interface PendingSearch {
  time: number;
  results: string[];
  clicked: boolean;
  converted: boolean;
}

export interface SessionState {
  /** Event time of the session's latest event. */
  last: number;
  /** True once the session added anything to its cart. */
  carted: boolean;
  cart: Map<string, CartEntry>;
  /** Event time of the latest purchase, or null. */
  lastPurchase: number | null;
  searches: PendingSearch[];
}

/** Searches kept per session; older ones stop being attributed. */
export const MAX_PENDING_SEARCHES = 20;

export function newSession(time: number): SessionState {
  return {
    last: time,
    carted: false,
    cart: new Map(),
    lastPurchase: null,
    searches: [],
  };
}

/** The latest action on a game wins, by event time, so order does not matter. */
export function recordCartAction(
  session: SessionState,
  gameId: string,
  time: number,
  add: boolean,
) {
  if (add) session.carted = true;
  const entry = session.cart.get(gameId);
  if (!entry || time >= entry.time) {
    session.cart.set(gameId, { time, inCart: add });
  }
}

/**
 * A session with a cart is abandoned when it ends with something added to
 * the cart after its last purchase (or without any purchase).
 */
export function isAbandoned(session: SessionState): boolean {
  if (!session.carted) return false;
  for (const entry of session.cart.values()) {
    if (
      entry.inCart &&
      (session.lastPurchase === null || entry.time > session.lastPurchase)
    ) return true;
  }
  return false;
}

/** Marks searches whose results include `gameId`; returns how many changed. */
export function attribute(
  session: SessionState,
  gameIds: readonly string[],
  time: number,
  field: "clicked" | "converted",
): number {
  let changed = 0;
  for (const search of session.searches) {
    if (search[field] || search.time > time) continue;
    if (gameIds.some((id) => search.results.includes(id))) {
      search[field] = true;
      changed++;
    }
  }
  if (changed > 0) {
    session.searches = session.searches.filter((s) =>
      !(s.clicked && s.converted)
    );
  }
  return changed;
}

export function addSearch(session: SessionState, search: PendingSearch) {
  session.searches.push(search);
  if (session.searches.length > MAX_PENDING_SEARCHES) session.searches.shift();
}

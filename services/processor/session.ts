/**
 * Per-session state a task keeps between windows: the cart (for abandonment)
 * and searches still waiting for a click or a purchase of one of their results.
 */

import { findGame } from "../../shared/catalog.ts";

export interface CartEntry {
  /** Event time of the latest cart action for this game. */
  time: number;
  inCart: boolean;
}

/**
 * A search and the event times it was first followed by a view (`clickedAt`)
 * or a purchase (`convertedAt`) of one of its results; null until then.
 */
export interface TrackedSearch {
  time: number;
  /** Position among the session's searches, for the `MAX_TRACKED` cap. */
  seq: number;
  results: string[];
  clickedAt: number | null;
  convertedAt: number | null;
}

export type Outcome = "clicked" | "converted";

export interface SessionState {
  /** Event time of the session's latest event. */
  last: number;
  /** True once the session added anything to its cart. */
  carted: boolean;
  cart: Map<string, CartEntry>;
  /** Event time of the latest purchase, or null. */
  lastPurchase: number | null;
  searches: TrackedSearch[];
  /**
   * `[game_id, time, seq]` of the session's views and purchased items, so
   * that a search handled after them (out of order) is still attributed.
   * `seq` numbers each list's entries (`seen` counts them), so the cap drops
   * exactly what it would have dropped had nothing been pruned.
   */
  views: Seen[];
  purchases: Seen[];
  /** Entries ever added to `searches`, `views`, `purchases`. */
  seen: [number, number, number];
  /**
   * `[window_start, funnel bits]` for the windows this session reached a
   * funnel step in, so a window counts each session once per step while only
   * holding four counts. Entries of closed windows are pruned when the session
   * next reaches a step.
   */
  funnel: [number, number][];
}

export type Seen = [gameId: string, time: number, seq: number];

/** Searches, views and purchased items kept per session, each; the oldest go first. */
export const MAX_TRACKED = 200;

export function newSession(time: number): SessionState {
  return {
    last: time,
    carted: false,
    cart: new Map(),
    lastPurchase: null,
    searches: [],
    views: [],
    purchases: [],
    seen: [0, 0, 0],
    funnel: [],
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

/**
 * Marks `bit` for the window starting at `start`; returns true the first time
 * the session reaches that step in that window. `frontier` (null before any
 * window closed) drops the entries of windows that have closed.
 */
export function markFunnelStep(
  session: SessionState,
  start: number,
  bit: number,
  frontier: number | null,
  windowMs: number,
): boolean {
  let entry = session.funnel.find((e) => e[0] === start);
  if (!entry) {
    if (frontier !== null) {
      session.funnel = session.funnel.filter(([s]) => s + windowMs > frontier);
    }
    entry = [start, 0];
    session.funnel.push(entry);
  }
  if (entry[1] & bit) return false;
  entry[1] |= bit;
  return true;
}

/** `list` itself when every entry stays, so an unchanged session allocates nothing. */
function keepOnly<T>(list: T[], keep: (item: T) => boolean): T[] {
  return list.every(keep) ? list : list.filter(keep);
}

/**
 * Forgets what can no longer change a result once every window ending at or
 * before `frontier` is closed (any event still to come is at or after it):
 * views and purchases before it (a later search only matches those at or
 * after its own time), searches attributed both ways before it (an earlier
 * view or purchase could only move them back), funnel bits of closed windows.
 * Returns true when the session is then as good as a fresh one: never
 * carted, nothing pending, its last event in a closed window. Dropping it
 * changes nothing: a later event starts a session whose end, cart, funnel and
 * attributions come out the same, and ending it counts nothing.
 */
export function pruneSession(
  session: SessionState,
  frontier: number,
  windowMs: number,
): boolean {
  const keep = (e: Seen) => e[1] >= frontier;
  session.views = keepOnly(session.views, keep);
  session.purchases = keepOnly(session.purchases, keep);
  session.searches = keepOnly(
    session.searches,
    (s) =>
      s.clickedAt === null || s.convertedAt === null ||
      s.clickedAt >= frontier || s.convertedAt >= frontier,
  );
  session.funnel = keepOnly(session.funnel, ([s]) => s + windowMs > frontier);
  return !session.carted && session.cart.size === 0 &&
    session.searches.length === 0 &&
    Math.floor(session.last / windowMs) * windowMs + windowMs <= frontier;
}

/** One attribution: a search's count leaves the window of `from` (unless null) for the window of `to`. */
export interface Attribution {
  from: number | null;
  to: number;
}

/** Shares one string per catalog game instead of one per parsed event. */
function canonicalId(id: string): string {
  return findGame(id)?.id ?? id;
}

/**
 * Adds an entry to list `which` (0 searches, 1 views, 2 purchases) and drops
 * entries older than the last `MAX_TRACKED` added, pruned or not.
 */
function track<T>(
  session: SessionState,
  which: 0 | 1 | 2,
  list: T[],
  make: (seq: number) => T,
  seqOf: (item: T) => number,
) {
  const seq = session.seen[which]++;
  list.push(make(seq));
  while (list.length > 0 && seqOf(list[0]) < seq + 1 - MAX_TRACKED) {
    list.shift();
  }
}

/**
 * Records a view (`clicked`) or purchase (`converted`) of `gameIds` at `time`
 * and returns the searches it attributes. A search counts once, at the
 * earliest such event at or after it, whatever order events are handled in:
 * an earlier event handled later moves the count to its own window.
 */
export function recordOutcome(
  session: SessionState,
  gameIds: readonly string[],
  time: number,
  outcome: Outcome,
): Attribution[] {
  const seen = outcome === "clicked" ? session.views : session.purchases;
  const which = outcome === "clicked" ? 1 : 2;
  for (const id of gameIds) {
    track(
      session,
      which,
      seen,
      (seq): Seen => [canonicalId(id), time, seq],
      (e) => e[2],
    );
  }
  const field = outcome === "clicked" ? "clickedAt" : "convertedAt";
  const moves: Attribution[] = [];
  for (const search of session.searches) {
    const current = search[field];
    if (search.time > time || (current !== null && current <= time)) continue;
    if (gameIds.some((id) => search.results.includes(id))) {
      moves.push({ from: current, to: time });
      search[field] = time;
    }
  }
  return moves;
}

function earliestAfter(
  seen: readonly Seen[],
  results: readonly string[],
  time: number,
): number | null {
  let earliest: number | null = null;
  for (const [id, at] of seen) {
    if (
      at >= time && (earliest === null || at < earliest) && results.includes(id)
    ) {
      earliest = at;
    }
  }
  return earliest;
}

/** Adds a search; views and purchases already handled that follow it attribute it at once. */
export function addSearch(
  session: SessionState,
  time: number,
  results: readonly string[],
): TrackedSearch {
  let search: TrackedSearch | undefined;
  track(session, 0, session.searches, (seq) => {
    search = {
      time,
      seq,
      results: results.map(canonicalId),
      clickedAt: earliestAfter(session.views, results, time),
      convertedAt: earliestAfter(session.purchases, results, time),
    };
    return search;
  }, (s) => s.seq);
  return search!;
}

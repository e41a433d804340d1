/**
 * Per-session state a task keeps between windows: the cart (for abandonment)
 * and searches still waiting for a click or a purchase of one of their results.
 */

import { findGame } from "../../shared/catalog.ts";
import { toCents } from "../../shared/schemas/events.ts";

export interface CartEntry {
  /** Event time of the latest cart action for this game. */
  time: number;
  inCart: boolean;
  /** Price of the latest add (0 after a remove), for the open carts' value. */
  price: number;
}

/**
 * A search and the event times it was first followed by a view (`clickedAt`)
 * or a purchase (`convertedAt`) of one of its results; null until then.
 */
export interface TrackedSearch {
  time: number;
  /** Position among the session's searches, for the `MAX_SEARCHES` cap. */
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
  /** Null until the session's first cart action: most sessions never have one. */
  cart: Map<string, CartEntry> | null;
  /** Event time of the latest purchase, or null. */
  lastPurchase: number | null;
  searches: readonly TrackedSearch[];
  /**
   * Flat `game_id, time, seq` triples of the session's views and purchased
   * items, so that a search handled after them (out of order) is still
   * attributed. `seq` numbers each list's entries (the `…Seen` fields count
   * them), so the cap drops exactly what it would have dropped had nothing
   * been pruned.
   */
  views: readonly (string | number)[];
  purchases: readonly (string | number)[];
  /** Entries ever added to `searches`, `views`, `purchases`. */
  searchesSeen: number;
  viewsSeen: number;
  purchasesSeen: number;
  /**
   * Event time at which the session first reached each funnel step, in
   * `FUNNEL_STEPS` order, `NOT_REACHED` for a step it has not: the session
   * counts once per step, in the window of that time, however many windows
   * it spans. Empty until the first step.
   */
  steps: number[];
}

/** A funnel step the session has not reached (event times are after 1970). */
export const NOT_REACHED = -1;

/**
 * Lists are replaced, never grown in place: an array that grows by `push`
 * reserves room for 16 more entries, which for the typical session of one or
 * two events is most of its memory. Every session starts with these.
 */
const NO_SEARCHES: readonly TrackedSearch[] = Object.freeze([]);
const NOTHING_SEEN: readonly (string | number)[] = Object.freeze([]);
/** Replaced by a four-entry list at the first step, so never written to. */
const NO_STEPS: readonly number[] = Object.freeze([]);

/** Views and purchased items kept per session, each; the oldest go first. */
export const MAX_TRACKED = 200;

/**
 * Searches kept per session (the oldest go first), result ids kept per
 * search (the first ones), and games in a cart (the least recently touched
 * go first). With ids of at most 64 characters these bound a session's
 * changelog entry well under the broker's record limit, whatever the
 * sequence of valid events (tests/unit/processor/session_bounds_test.ts).
 */
export const MAX_SEARCHES = 20;
export const MAX_RESULT_IDS = 100;
export const MAX_CART_GAMES = 100;

/** Fields per entry of `views` and `purchases`. */
export const SEEN_FIELDS = 3;

export function newSession(time: number): SessionState {
  return {
    last: time,
    carted: false,
    cart: null,
    lastPurchase: null,
    searches: NO_SEARCHES,
    views: NOTHING_SEEN,
    purchases: NOTHING_SEEN,
    searchesSeen: 0,
    viewsSeen: 0,
    purchasesSeen: 0,
    steps: NO_STEPS as number[],
  };
}

/**
 * The latest action on a game wins, by event time, so order does not matter.
 * Returns how many cart entries the `MAX_CART_GAMES` cap dropped.
 */
export function recordCartAction(
  session: SessionState,
  gameId: string,
  time: number,
  add: boolean,
  price = 0,
): number {
  if (add) session.carted = true;
  session.cart ??= new Map();
  const entry = session.cart.get(gameId);
  if (!entry || time >= entry.time) {
    session.cart.set(canonicalId(gameId), {
      time,
      inCart: add,
      price: add ? price : 0,
    });
  }
  return session.cart.size > MAX_CART_GAMES
    ? dropOldestCartGame(session.cart)
    : 0;
}

/** Forgets the cart's least recently touched game; returns 1, what was dropped. */
function dropOldestCartGame(cart: Map<string, CartEntry>): number {
  let oldest: string | null = null;
  let oldestTime = Infinity;
  for (const [id, entry] of cart) {
    if (
      entry.time < oldestTime || (entry.time === oldestTime && id < oldest!)
    ) {
      oldest = id;
      oldestTime = entry.time;
    }
  }
  if (oldest !== null) cart.delete(oldest);
  return 1;
}

/** The games added after the session's last purchase and still in its cart. */
function* openItems(session: SessionState): Generator<CartEntry> {
  if (!session.carted || !session.cart) return;
  for (const entry of session.cart.values()) {
    if (
      entry.inCart &&
      (session.lastPurchase === null || entry.time > session.lastPurchase)
    ) yield entry;
  }
}

/**
 * A session with a cart is abandoned when it ends with something added to
 * the cart after its last purchase (or without any purchase).
 */
export function isAbandoned(session: SessionState): boolean {
  return !openItems(session).next().done;
}

/** The value, in cents, of what the session would abandon if it ended now. */
export function openCartCents(session: SessionState): number {
  let cents = 0;
  for (const entry of openItems(session)) cents += toCents(entry.price);
  return cents;
}

/**
 * Records that the session reached step `index` at `time`. Returns the credit
 * to move when this is the earliest time it did: from the window of the
 * previous earliest time (null the first time) to the window of `time`.
 * Keeping the earliest time, not the first handled, makes the result the
 * same in any order events are handled in.
 */
export function reachStep(
  session: SessionState,
  index: number,
  time: number,
): Attribution | null {
  if (session.steps.length === 0) {
    session.steps = [NOT_REACHED, NOT_REACHED, NOT_REACHED, NOT_REACHED];
  }
  const current = session.steps[index];
  if (current !== NOT_REACHED && current <= time) return null;
  session.steps[index] = time;
  return { from: current === NOT_REACHED ? null : current, to: time };
}

/** Entries of `seen` at or after `frontier`; `seen` itself when that is all of them. */
function seenSince(
  seen: readonly (string | number)[],
  frontier: number,
): readonly (string | number)[] {
  let keep = 0;
  for (let i = 1; i < seen.length; i += SEEN_FIELDS) {
    if ((seen[i] as number) >= frontier) keep++;
  }
  if (keep * SEEN_FIELDS === seen.length) return seen;
  if (keep === 0) return NOTHING_SEEN;
  const next: (string | number)[] = [];
  for (let i = 0; i < seen.length; i += SEEN_FIELDS) {
    if ((seen[i + 1] as number) >= frontier) {
      next.push(seen[i], seen[i + 1], seen[i + 2]);
    }
  }
  return next.slice();
}

/**
 * Forgets what can no longer change a result once every window ending at or
 * before `frontier` is closed (any event still to come is at or after it):
 * views and purchases before it (a later search only matches those at or
 * after its own time), searches attributed both ways before it (only an
 * earlier view or purchase could move them).
 * Returns true when the session is then as good as a fresh one: never
 * carted, no cart action at all, no search pending, no funnel step reached
 * (a session that reached one must stay to be counted once), its last event
 * in a closed window. Dropping it changes nothing: a later event (at or after
 * the frontier) starts a session whose end, cart, funnel and attributions
 * come out the same as the old one's would, and ending it would count nothing.
 */
export function pruneSession(
  session: SessionState,
  frontier: number,
  windowMs: number,
): boolean {
  session.views = seenSince(session.views, frontier);
  session.purchases = seenSince(session.purchases, frontier);
  const settled = (s: TrackedSearch) =>
    s.clickedAt !== null && s.convertedAt !== null &&
    s.clickedAt < frontier && s.convertedAt < frontier;
  if (session.searches.some(settled)) {
    const pending = session.searches.filter((s) => !settled(s));
    session.searches = pending.length > 0 ? pending : NO_SEARCHES;
  }
  return !session.carted && session.cart === null &&
    session.searches.length === 0 && session.steps.length === 0 &&
    Math.floor(session.last / windowMs) * windowMs + windowMs <= frontier;
}

/** One attribution: a search's count leaves the window of `from` (unless null) for the window of `to`. */
export interface Attribution {
  from: number | null;
  to: number;
}

/** Shares one string per catalog game instead of one per parsed event. */
export function canonicalId(id: string): string {
  return findGame(id)?.id ?? id;
}

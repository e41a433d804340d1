/** Hand-made store events for the processor's unit tests. */
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import { CATALOG } from "../../../shared/catalog.ts";

export const T0 = Date.parse("2026-11-22T10:00:00.000Z");
export const GAME_A = CATALOG[0];
export const GAME_B = CATALOG[1];

let counter = 0;
function envelope(at: number, session: string, user = `user-${session}`) {
  counter++;
  const hex = counter.toString(16).padStart(12, "0");
  return {
    event_id: `00000000-0000-4000-8000-${hex}`,
    timestamp: new Date(at).toISOString(),
    user_id: user,
    session_id: session,
  };
}

/** Milliseconds after T0. */
export const at = (seconds: number) => T0 + seconds * 1000;

export function view(t: number, session: string, game = GAME_A): StoreEvent {
  return {
    ...envelope(t, session),
    event_type: "game_page_viewed",
    game_id: game.id,
    game_title: game.title,
    source: "browse",
  };
}

export function wishlist(
  t: number,
  session: string,
  action: "add" | "remove" = "add",
): StoreEvent {
  return {
    ...envelope(t, session),
    event_type: "wishlist_action",
    game_id: GAME_A.id,
    game_title: GAME_A.title,
    action,
  };
}

export function cart(
  t: number,
  session: string,
  action: "add" | "remove" = "add",
  game = GAME_A,
): StoreEvent {
  return {
    ...envelope(t, session),
    event_type: "cart_action",
    game_id: game.id,
    game_title: game.title,
    action,
    price: game.price,
  };
}

export function purchase(
  t: number,
  session: string,
  games = [GAME_A],
): StoreEvent {
  const total = games.reduce((s, g) => s + Math.round(g.price * 100), 0) / 100;
  return {
    ...envelope(t, session),
    event_type: "purchase",
    order_id: `order-${counter}`,
    items: games.map((g) => ({
      game_id: g.id,
      title: g.title,
      price: g.price,
    })),
    total,
    currency: "USD",
    payment_method: "card",
  };
}

export function search(
  t: number,
  session: string,
  query: string,
  results: string[] = [GAME_A.id],
): StoreEvent {
  return {
    ...envelope(t, session),
    event_type: "search_performed",
    query,
    results_count: results.length,
    result_game_ids: results,
  };
}

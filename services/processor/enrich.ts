/** Adds catalog data (genre, list price, discount) to a valid event. */
import { findGame } from "../../shared/catalog.ts";
import type { StoreEvent } from "../../shared/schemas/events.ts";

export interface GameInfo {
  /** Null for a game id the catalog does not know. */
  genre: string | null;
  list_price: number | null;
  /** Fraction off the list price paid (0.25 = 25 % off); null when unknown. */
  discount: number | null;
}

function gameInfo(gameId: string, paid?: number): GameInfo {
  const game = findGame(gameId);
  if (!game) return { genre: null, list_price: null, discount: null };
  const discount = paid === undefined || game.price === 0
    ? null
    : Math.round((1 - paid / game.price) * 10_000) / 10_000;
  return { genre: game.genre, list_price: game.price, discount };
}

/** The enriched event: the original fields plus catalog data, as one JSON object. */
export function enrich(event: StoreEvent): Record<string, unknown> {
  switch (event.event_type) {
    case "game_page_viewed":
    case "wishlist_action":
      return { ...event, ...gameInfo(event.game_id) };
    case "cart_action":
      return { ...event, ...gameInfo(event.game_id, event.price) };
    case "purchase":
      return {
        ...event,
        items: event.items.map((item) => ({
          ...item,
          ...gameInfo(item.game_id, item.price),
        })),
      };
    case "search_performed":
      return {
        ...event,
        result_genres: event.result_game_ids.map((id) =>
          findGame(id)?.genre ?? null
        ),
      };
    default: {
      const never: never = event;
      throw new TypeError(`Cannot enrich event: unknown type ${never}`);
    }
  }
}

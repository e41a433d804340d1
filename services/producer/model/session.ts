/**
 * One shopper's visit as a small state machine: each step emits at most one
 * event and decides the next step from the funnel tables. The cart and the
 * wishlist live in the session, so a purchase only ever contains games added
 * to the cart earlier in the same session, and a remove follows its add.
 */
import { CATALOG } from "../../../shared/catalog.ts";
import type { Random } from "../../../shared/random.ts";
import type { Game } from "../../../shared/catalog.ts";
import {
  type CartAction,
  type GamePageViewed,
  type StoreEvent,
  toCents,
  type WishlistAction,
} from "../../../shared/schemas/events.ts";
import {
  AFTER_CART_ADD,
  AFTER_CART_REMOVE,
  AFTER_SEARCH,
  AFTER_VIEW,
  AFTER_WISHLIST,
  BASKET_BOOST,
  CHECKOUT_COMPLETES,
  CURRENCY,
  PAYMENT_METHODS,
  SALE_CART_BOOST,
  START,
  USER_COUNT,
} from "./funnel.ts";
import type { Market } from "./market.ts";
import { searchFor } from "./search.ts";

export type Step =
  | "start"
  | "search"
  | "view"
  | "wishlist"
  | "unwishlist"
  | "cart_add"
  | "cart_remove"
  | "checkout"
  | "leave";

export interface Session {
  id: string;
  userId: string;
  next: Step;
  /** The game whose page is open, or -1. */
  game: number;
  /** Where the next page view comes from. */
  source: GamePageViewed["source"];
  wishlist: number[];
  cart: number[];
  /** Price of each cart line when it was added (parallel to `cart`). */
  cartPrices: number[];
}

/** What a step needs from the world: draws, the market and the event's time. */
export interface StepContext {
  random: Random;
  market: Market;
  timestamp: string;
}

const PAYMENT_CUMULATIVE = (() => {
  let sum = 0;
  return PAYMENT_METHODS.map(([, share]) => (sum += share));
})();

export function userId(n: number): string {
  return `user-${String(n).padStart(6, "0")}`;
}

export function newSession(random: Random): Session {
  return {
    id: random.uuid(),
    userId: userId(random.int(1, USER_COUNT)),
    next: "start",
    game: -1,
    source: "browse",
    wishlist: [],
    cart: [],
    cartPrices: [],
  };
}

function envelope(session: Session, ctx: StepContext) {
  return {
    event_id: ctx.random.uuid(),
    timestamp: ctx.timestamp,
    user_id: session.userId,
    session_id: session.id,
  };
}

function wishlistAction(
  session: Session,
  ctx: StepContext,
  game: Game,
  action: "add" | "remove",
): WishlistAction {
  return {
    ...envelope(session, ctx),
    event_type: "wishlist_action",
    game_id: game.id,
    game_title: game.title,
    action,
  };
}

function cartAction(
  session: Session,
  ctx: StepContext,
  game: Game,
  action: "add" | "remove",
  price: number,
): CartAction {
  return {
    ...envelope(session, ctx),
    event_type: "cart_action",
    game_id: game.id,
    game_title: game.title,
    action,
    price,
  };
}

/** Draws a key from a table of probabilities (optionally boosted); the rest, or a key not `allowed`, gives `fallback`. */
function decide<K extends string>(
  random: Random,
  table: Readonly<Record<K, number>>,
  fallback: Step,
  allowed: (step: K) => boolean = () => true,
  boost: Partial<Record<K, number>> = {},
): K | Step {
  let roll = random.next();
  for (const key in table) {
    const p = table[key] * (boost[key] ?? 1);
    if (roll < p) return allowed(key) ? key : fallback;
    roll -= p;
  }
  return fallback;
}

function browse(session: Session, ctx: StepContext): Step {
  const sale = ctx.market.saleGames();
  if (sale.length > 0 && ctx.random.chance(0.4)) {
    session.game = ctx.random.pick(sale);
    session.source = "sale";
  } else {
    session.game = -1;
    session.source = ctx.random.chance(START.recommendation)
      ? "recommendation"
      : "browse";
  }
  return "view";
}

function afterSearch(
  session: Session,
  ctx: StepContext,
  results: readonly number[],
): Step {
  const { random } = ctx;
  if (results.length > 0 && random.chance(AFTER_SEARCH.click)) {
    // Shoppers click near the top of the list.
    const at = Math.min(
      Math.floor(random.exponential(1.5)),
      results.length - 1,
    );
    session.game = results[at];
    session.source = "search";
    return "view";
  }
  if (random.chance(AFTER_SEARCH.retry)) return "search";
  return random.chance(AFTER_SEARCH.browseInstead)
    ? browse(session, ctx)
    : "leave";
}

/** Runs the session's pending step: returns its event (or null) and sets `session.next`. */
export function step(session: Session, ctx: StepContext): StoreEvent | null {
  const { random, market } = ctx;
  switch (session.next) {
    case "start":
      session.next = random.chance(START.search)
        ? "search"
        : browse(session, ctx);
      return step(session, ctx);
    case "search": {
      const query = searchFor(random, market.pick(random));
      session.next = afterSearch(session, ctx, query.results);
      return {
        ...envelope(session, ctx),
        event_type: "search_performed",
        query: query.text,
        results_count: query.resultsCount,
        result_game_ids: query.resultIds as string[],
      };
    }
    case "view": {
      if (session.game < 0) session.game = market.pick(random);
      const game = CATALOG[session.game];
      const event: StoreEvent = {
        ...envelope(session, ctx),
        event_type: "game_page_viewed",
        game_id: game.id,
        game_title: game.title,
        source: session.source,
      };
      const g = session.game;
      const next = decide(random, AFTER_VIEW, "leave", (s) => {
        if (s === "checkout") return session.cart.length > 0;
        if (s === "wishlist") return !session.wishlist.includes(g);
        if (s === "cart") return !session.cart.includes(g);
        return true;
      }, {
        cart: (market.onSale(g) ? SALE_CART_BOOST : 1) *
          (session.cart.length > 0 ? BASKET_BOOST : 1),
      });
      session.next = next === "cart" ? "cart_add" : next as Step;
      if (session.next === "view") browse(session, ctx);
      return event;
    }
    case "wishlist": {
      const game = CATALOG[session.game];
      session.wishlist.push(session.game);
      const next = decide(random, AFTER_WISHLIST, "leave");
      session.next = next === "remove" ? "unwishlist" : next as Step;
      if (session.next === "view") browse(session, ctx);
      return wishlistAction(session, ctx, game, "add");
    }
    case "unwishlist": {
      const at = random.int(0, session.wishlist.length - 1);
      const game = CATALOG[session.wishlist[at]];
      session.wishlist.splice(at, 1);
      session.next = random.chance(AFTER_WISHLIST.view)
        ? browse(session, ctx)
        : "leave";
      return wishlistAction(session, ctx, game, "remove");
    }
    case "cart_add": {
      const game = CATALOG[session.game];
      const price = market.price(session.game);
      session.cart.push(session.game);
      session.cartPrices.push(price);
      const next = decide(random, AFTER_CART_ADD, "leave");
      session.next = next === "remove" ? "cart_remove" : next as Step;
      if (session.next === "view") browse(session, ctx);
      return cartAction(session, ctx, game, "add", price);
    }
    case "cart_remove": {
      const at = random.int(0, session.cart.length - 1);
      const game = CATALOG[session.cart[at]];
      const price = session.cartPrices[at];
      session.cart.splice(at, 1);
      session.cartPrices.splice(at, 1);
      const next = decide(
        random,
        AFTER_CART_REMOVE,
        "leave",
        (s) => s !== "checkout" || session.cart.length > 0,
      );
      session.next = next as Step;
      if (session.next === "view") browse(session, ctx);
      return cartAction(session, ctx, game, "remove", price);
    }
    case "checkout": {
      if (!random.chance(CHECKOUT_COMPLETES)) {
        session.next = "leave";
        return null;
      }
      let totalCents = 0;
      const items = session.cart.map((index, i) => {
        totalCents += toCents(session.cartPrices[i]);
        return {
          game_id: CATALOG[index].id,
          title: CATALOG[index].title,
          price: session.cartPrices[i],
        };
      });
      session.cart = [];
      session.cartPrices = [];
      session.next = random.chance(0.1) ? browse(session, ctx) : "leave";
      return {
        ...envelope(session, ctx),
        event_type: "purchase",
        order_id: random.uuid(),
        items,
        total: totalCents / 100,
        currency: CURRENCY,
        payment_method: PAYMENT_METHODS[random.weighted(PAYMENT_CUMULATIVE)][0],
      };
    }
    case "leave":
      return null;
  }
}

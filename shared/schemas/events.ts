/**
 * The five store events: the single source of truth for their wire format
 * (JSON, snake_case) and their TypeScript types.
 */
import { z } from "zod";
import { EVENT_TYPES } from "./names.ts";

/** Bumped when an event's shape changes incompatibly; sent as a header. */
export const SCHEMA_VERSION = 1;

const id = z.string().min(1).max(64);
const title = z.string().min(1).max(200);
const money = z.number().finite().nonnegative().max(100_000);

const envelope = {
  event_id: z.uuid(),
  timestamp: z.iso.datetime({ offset: false }),
  user_id: id,
  session_id: id,
};

export const GamePageViewed = z.object({
  ...envelope,
  event_type: z.literal("game_page_viewed"),
  game_id: id,
  game_title: title,
  /** How the shopper reached the page. */
  source: z.enum(["browse", "search", "recommendation", "sale"]),
});
export type GamePageViewed = z.infer<typeof GamePageViewed>;

export const WishlistAction = z.object({
  ...envelope,
  event_type: z.literal("wishlist_action"),
  game_id: id,
  game_title: title,
  action: z.enum(["add", "remove"]),
});
export type WishlistAction = z.infer<typeof WishlistAction>;

export const CartAction = z.object({
  ...envelope,
  event_type: z.literal("cart_action"),
  game_id: id,
  game_title: title,
  action: z.enum(["add", "remove"]),
  price: money,
});
export type CartAction = z.infer<typeof CartAction>;

export const PurchaseItem = z.object({
  game_id: id,
  title,
  price: money,
});
export type PurchaseItem = z.infer<typeof PurchaseItem>;

/** Cents, so that sums of prices compare exactly. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export const Purchase = z.object({
  ...envelope,
  event_type: z.literal("purchase"),
  order_id: id,
  items: z.array(PurchaseItem).min(1).max(50),
  total: money,
  currency: z.string().regex(/^[A-Z]{3}$/, "expected an ISO 4217 code"),
  payment_method: z.enum(["card", "paypal", "wallet", "gift_card"]),
}).refine(
  (p) => toCents(p.total) === p.items.reduce((s, i) => s + toCents(i.price), 0),
  { path: ["total"], message: "total must equal the sum of item prices" },
);
export type Purchase = z.infer<typeof Purchase>;

export const SearchPerformed = z.object({
  ...envelope,
  event_type: z.literal("search_performed"),
  query: z.string().max(200),
  results_count: z.number().int().nonnegative(),
  result_game_ids: z.array(id).max(100),
}).refine((s) => s.result_game_ids.length <= s.results_count, {
  path: ["result_game_ids"],
  message: "more result ids than results_count",
});
export type SearchPerformed = z.infer<typeof SearchPerformed>;

export const StoreEvent = z.discriminatedUnion("event_type", [
  GamePageViewed,
  WishlistAction,
  CartAction,
  Purchase,
  SearchPerformed,
]);
export type StoreEvent = z.infer<typeof StoreEvent>;

export type EventType = StoreEvent["event_type"];

export { EVENT_TYPES } from "./names.ts";

/** Narrows a union member by its `event_type`. */
export type EventOf<T extends EventType> = Extract<
  StoreEvent,
  { event_type: T }
>;

export function isEventType(value: unknown): value is EventType {
  return (EVENT_TYPES as readonly unknown[]).includes(value);
}

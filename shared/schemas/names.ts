/**
 * The domain's lists of names as plain values, without zod: browser code (the
 * dashboard's islands) imports them from here so its bundle stays free of the
 * schema library. `events.ts` and `metrics.ts` re-export them, and their
 * `satisfies` clauses tie each list to its schema.
 */
import type { EventType } from "./events.ts";
import type { ConversionFunnelData } from "./metrics.ts";

/** Every store event type, in the shopper's order. */
export const EVENT_TYPES = [
  "game_page_viewed",
  "wishlist_action",
  "cart_action",
  "purchase",
  "search_performed",
] as const satisfies readonly EventType[];

/** The funnel's steps in order, each a field of {@linkcode ConversionFunnelData}. */
export const FUNNEL_STEPS = [
  "viewed",
  "wishlisted",
  "carted",
  "purchased",
] as const satisfies readonly (keyof ConversionFunnelData)[];

/**
 * How the processor ties its writes to its input offsets: in one Kafka
 * transaction (exactly-once), outputs first and offsets later
 * (at-least-once: a crash between them counts records twice), or offsets
 * first (at-most-once: a crash between them loses records).
 */
export const DELIVERY_SEMANTICS = [
  "exactly-once",
  "at-least-once",
  "at-most-once",
] as const;
export type DeliverySemantics = typeof DELIVERY_SEMANTICS[number];

/**
 * The known-answer load (`deno task produce --known-answer`): a fixed,
 * documented stream a learner can check a window against by eye, as in
 * Flink's operations playground. Every simulated minute, for each of the six
 * most popular games, exactly 1,000 page views and, after every 100th view,
 * one purchase of that game for 10.00: per minute 6,000 views, 60 orders and
 * 600.00 of revenue (summed over the partitions). Pure; no randomness.
 */
import { CATALOG } from "../../../shared/catalog.ts";
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import type { ProducerRecord } from "./generate.ts";

export const KNOWN_GAMES = 6;
export const KNOWN_VIEWS_PER_GAME_MINUTE = 1_000;
export const KNOWN_VIEWS_PER_PURCHASE = 100;
export const KNOWN_PRICE = 10;
const USERS = 600;
const MINUTE_MS = 60_000;

function uuid(minute: number, n: number): string {
  const hex = (minute * 10_000 + n).toString(16).padStart(12, "0").slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

function record(event: StoreEvent, simMs: number): ProducerRecord {
  return {
    topic: event.event_type,
    eventType: event.event_type,
    key: event.user_id,
    value: JSON.stringify(event),
    simMs,
    event,
  };
}

/** The load from the minute holding `startMs` on, minute after minute. */
export function* knownAnswerRecords(
  options: { startMs: number },
): Generator<ProducerRecord> {
  const first = Math.floor(options.startMs / MINUTE_MS);
  const perMinute = KNOWN_GAMES * KNOWN_VIEWS_PER_GAME_MINUTE;
  const spacing = MINUTE_MS / perMinute;
  for (let minute = first;; minute++) {
    for (let i = 0; i < perMinute; i++) {
      const game = CATALOG[i % KNOWN_GAMES];
      const time = minute * MINUTE_MS + Math.floor(i * spacing);
      const user = `ka-user-${String(i % USERS).padStart(4, "0")}`;
      const envelope = {
        timestamp: new Date(time).toISOString(),
        user_id: user,
        session_id: `ka-${user}-${minute}`,
      };
      yield record({
        ...envelope,
        event_id: uuid(minute, i * 2),
        event_type: "game_page_viewed",
        game_id: game.id,
        game_title: game.title,
        source: "browse",
      }, time);
      const views = Math.floor(i / KNOWN_GAMES) + 1;
      if (views % KNOWN_VIEWS_PER_PURCHASE === 0) {
        yield record({
          ...envelope,
          event_id: uuid(minute, i * 2 + 1),
          event_type: "purchase",
          order_id: `ka-order-${minute}-${i}`,
          items: [{ game_id: game.id, title: game.title, price: KNOWN_PRICE }],
          total: KNOWN_PRICE,
          currency: "USD",
          payment_method: "card",
        }, time);
      }
    }
  }
}

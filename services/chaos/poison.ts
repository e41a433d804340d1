/** The drill's poison records: each is produced to a store topic like any other record. */
import { CompressionTypes, type Producer } from "kafkajs";
import { CATALOG } from "../../shared/catalog.ts";
import type { StoreEvent } from "../../shared/schemas/events.ts";
import type { TopicNames } from "../../shared/topics.ts";

export type PoisonKind = "oversized" | "future" | "session";

export interface Injected {
  /** Records produced. */
  records: number;
  /** Event ids of records that are valid JSON events but must be dead-lettered. */
  rejectedIds: string[];
}

function envelope(user: string, session: string, time: number) {
  return {
    event_id: crypto.randomUUID(),
    timestamp: new Date(time).toISOString(),
    user_id: user,
    session_id: session,
  };
}

/** A long result id: the schema allows up to 64 characters. */
function longId(i: number): string {
  return `game-${String(i).padStart(6, "0")}-`.padEnd(64, "x");
}

export async function injectPoison(
  producer: Producer,
  names: TopicNames,
  kind: PoisonKind,
  now: number,
): Promise<Injected> {
  const user = `user-poison-${crypto.randomUUID().slice(0, 8)}`;
  const session = `sess-poison-${crypto.randomUUID().slice(0, 8)}`;
  switch (kind) {
    case "oversized": {
      // 2 MB that compress to a few KB: the broker takes it, a copy does not fit.
      const value = JSON.stringify({
        ...envelope(user, session, now),
        event_type: "search_performed",
        query: "x".repeat(2 * 1024 * 1024),
        results_count: 0,
        result_game_ids: [],
      });
      await producer.send({
        topic: names.events.search_performed,
        acks: -1,
        compression: CompressionTypes.GZIP,
        messages: [{ key: user, value }],
      });
      return { records: 1, rejectedIds: [] };
    }
    case "future": {
      const game = CATALOG[0];
      const event: StoreEvent = {
        ...envelope(user, session, Date.parse("9999-12-31T23:59:59.000Z")),
        event_type: "game_page_viewed",
        game_id: game.id,
        game_title: game.title,
        source: "browse",
      };
      await producer.send({
        topic: names.events.game_page_viewed,
        acks: -1,
        messages: [{ key: user, value: JSON.stringify(event) }],
      });
      return { records: 1, rejectedIds: [event.event_id] };
    }
    case "session": {
      const messages = Array.from({ length: 160 }, (_, i) => {
        const event: StoreEvent = {
          ...envelope(user, session, now + i),
          event_type: "search_performed",
          query: `poison query ${i}`,
          results_count: 100,
          result_game_ids: Array.from(
            { length: 100 },
            (_, j) => longId(i * 100 + j),
          ),
        };
        return { key: user, value: JSON.stringify(event) };
      });
      // About 1 MB in all: sent in parts, each batch under the broker's limit.
      for (let i = 0; i < messages.length; i += 40) {
        await producer.send({
          topic: names.events.search_performed,
          acks: -1,
          messages: messages.slice(i, i + 40),
        });
      }
      return { records: messages.length, rejectedIds: [] };
    }
  }
}

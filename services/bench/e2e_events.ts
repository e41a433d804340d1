/**
 * Events for the end-to-end stage. Each event type is pinned to one partition
 * (by choosing user ids whose key hashes there), so the dashboard's merged
 * per-type count of a window equals one partition's count, and a partition is
 * processed in order: a count of n means exactly our first n events of that
 * type and window are in.
 */
import { Partitioners } from "kafkajs";
import { CATALOG } from "../../shared/catalog.ts";
import type { EventType, StoreEvent } from "../../shared/schemas/events.ts";
import { STORE_PARTITIONS } from "../../shared/topics.ts";

/** The partition each type's events go to, and their share of the traffic. */
export const E2E_MIX: Record<EventType, { partition: number; share: number }> =
  {
    game_page_viewed: { partition: 0, share: 0.45 },
    search_performed: { partition: 1, share: 0.30 },
    cart_action: { partition: 2, share: 0.15 },
    wishlist_action: { partition: 2, share: 0.07 },
    purchase: { partition: 2, share: 0.03 },
  };

/** The partition the project's producers pick for `key` (Java-compatible murmur2). */
export function partitionOf(
  key: string,
  partitions = STORE_PARTITIONS,
): number {
  const partitioner = Partitioners.DefaultPartitioner();
  return partitioner({
    topic: "any",
    partitionMetadata: Array.from({ length: partitions }, (_, id) => ({
      partitionId: id,
      leader: 1,
      replicas: [1],
      isr: [1],
      partitionErrorCode: 0,
    })),
    message: { key, value: null },
  });
}

/** `count` user ids per partition, all hashing to that partition. */
export function usersByPartition(
  count: number,
  partitions = STORE_PARTITIONS,
): string[][] {
  const users: string[][] = Array.from({ length: partitions }, () => []);
  for (let i = 0; users.some((list) => list.length < count); i++) {
    const id = `bench-user-${i}`;
    const list = users[partitionOf(id, partitions)];
    if (list.length < count) list.push(id);
  }
  return users;
}

/**
 * The type of the `n`-th event: a fixed, interleaved sequence with the mix's
 * shares (largest remainder over each block of 100), so no randomness is needed.
 */
export function typeSequence(): EventType[] {
  const types = Object.keys(E2E_MIX) as EventType[];
  const out: EventType[] = [];
  const credit = new Map(types.map((t) => [t, 0]));
  for (let i = 0; i < 100; i++) {
    for (const t of types) credit.set(t, credit.get(t)! + E2E_MIX[t].share);
    const next = types.reduce((a, b) =>
      credit.get(b)! > credit.get(a)! ? b : a
    );
    credit.set(next, credit.get(next)! - 1);
    out.push(next);
  }
  return out;
}

/** A valid event of `type` for `user`, stamped `at` (epoch ms). */
export function buildEvent(
  type: EventType,
  user: string,
  n: number,
  at: number,
): StoreEvent {
  const game = CATALOG[n % 20];
  const envelope = {
    event_id: crypto.randomUUID(),
    timestamp: new Date(at).toISOString(),
    user_id: user,
    session_id: `${user}-s${Math.floor(n / 500)}`,
  };
  switch (type) {
    case "game_page_viewed":
      return {
        ...envelope,
        event_type: type,
        game_id: game.id,
        game_title: game.title,
        source: "browse",
      };
    case "search_performed":
      return {
        ...envelope,
        event_type: type,
        query: game.genre.toLowerCase(),
        results_count: 2,
        result_game_ids: [game.id, CATALOG[(n + 1) % 20].id],
      };
    case "cart_action":
      return {
        ...envelope,
        event_type: type,
        game_id: game.id,
        game_title: game.title,
        action: "add",
        price: game.price,
      };
    case "wishlist_action":
      return {
        ...envelope,
        event_type: type,
        game_id: game.id,
        game_title: game.title,
        action: "add",
      };
    case "purchase":
      return {
        ...envelope,
        event_type: type,
        order_id: `bench-order-${n}`,
        items: [{ game_id: game.id, title: game.title, price: game.price }],
        total: game.price,
        currency: "USD",
        payment_method: "card",
      };
  }
}

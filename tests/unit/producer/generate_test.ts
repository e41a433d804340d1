import assert from "node:assert/strict";
import { StoreEvent } from "../../../shared/schemas/events.ts";
import {
  generateEvents,
  generateRecords,
} from "../../../services/producer/model/generate.ts";
import { BAD_KINDS } from "../../../services/producer/model/bad_events.ts";

const START = Date.parse("2026-11-23T18:00:00Z");

Deno.test("generateEvents() gives the same events, ids included, for the same seed", () => {
  const a = [...generateEvents({ seed: 42, startMs: START, count: 2000 })];
  const b = [...generateEvents({ seed: 42, startMs: START, count: 2000 })];
  assert.deepEqual(a, b);
});

Deno.test("generateEvents() gives different events for another seed", () => {
  const a = [...generateEvents({ seed: 1, startMs: START, count: 50 })];
  const b = [...generateEvents({ seed: 2, startMs: START, count: 50 })];
  assert.notDeepEqual(a.map((e) => e.event_id), b.map((e) => e.event_id));
});

Deno.test("generateEvents() emits only events the shared schema accepts, in time order", () => {
  let previous = "";
  for (
    const event of generateEvents({ seed: 3, startMs: START, count: 20_000 })
  ) {
    assert.ok(StoreEvent.safeParse(event).success, JSON.stringify(event));
    assert.ok(event.timestamp >= previous);
    previous = event.timestamp;
  }
});

Deno.test("generateEvents() never buys or removes a game not in the session's cart", () => {
  const carts = new Map<string, Map<string, number>>();
  const wishlists = new Map<string, Set<string>>();
  let purchases = 0, removes = 0;
  for (
    const e of generateEvents({
      seed: 5,
      startMs: START,
      count: 100_000,
      scenario: "flash-sale",
    })
  ) {
    const cart = carts.get(e.session_id) ?? new Map<string, number>();
    carts.set(e.session_id, cart);
    if (e.event_type === "cart_action") {
      if (e.action === "add") cart.set(e.game_id, e.price);
      else {
        removes++;
        assert.ok(cart.has(e.game_id), `remove before add in ${e.session_id}`);
        assert.equal(cart.get(e.game_id), e.price);
        cart.delete(e.game_id);
      }
    }
    if (e.event_type === "wishlist_action") {
      const list = wishlists.get(e.session_id) ?? new Set<string>();
      wishlists.set(e.session_id, list);
      if (e.action === "add") list.add(e.game_id);
      else assert.ok(list.delete(e.game_id), "wishlist remove before add");
    }
    if (e.event_type === "purchase") {
      purchases++;
      assert.equal(e.items.length, cart.size);
      for (const item of e.items) {
        assert.equal(
          cart.get(item.game_id),
          item.price,
          "bought a game not in the cart",
        );
      }
      cart.clear();
    }
  }
  assert.ok(
    purchases > 100 && removes > 10,
    `${purchases} purchases, ${removes} removes`,
  );
});

Deno.test("generateEvents() views mostly search results after a search with results", () => {
  const lastResults = new Map<string, string[]>();
  let clicks = 0, afterSearch = 0;
  for (const e of generateEvents({ seed: 9, startMs: START, count: 50_000 })) {
    if (e.event_type === "search_performed") {
      lastResults.set(e.session_id, e.result_game_ids);
    } else if (e.event_type === "game_page_viewed") {
      const results = lastResults.get(e.session_id);
      if (results && results.length > 0) {
        afterSearch++;
        if (e.source === "search") {
          assert.ok(
            results.includes(e.game_id),
            "a search view outside the results",
          );
          clicks++;
        }
      }
      lastResults.delete(e.session_id);
    }
  }
  assert.ok(clicks / afterSearch > 0.6, `${clicks}/${afterSearch}`);
});

Deno.test("generateRecords() keeps the valid sequence whatever the bad ratio", () => {
  const clean = [...generateRecords({ seed: 7, startMs: START, count: 3000 })];
  const mixed = [
    ...generateRecords({ seed: 7, startMs: START, count: 3000, badRatio: 0.2 }),
  ];
  const valid = mixed.filter((r) => !r.bad);
  assert.ok(valid.length < 2600 && valid.length > 2200, `${valid.length}`);
  assert.deepEqual(valid, clean.slice(0, valid.length));
  for (const record of clean) assert.equal(record.key, record.event!.user_id);
});

Deno.test("generateRecords() makes every bad kind, each caught by schema or size", () => {
  const maxEventBytes = 16_384;
  const seen = new Set<string>();
  for (
    const r of generateRecords({
      seed: 11,
      startMs: START,
      count: 2000,
      badRatio: 0.5,
      maxEventBytes,
    })
  ) {
    if (!r.bad) continue;
    seen.add(r.bad);
    assert.ok(r.key.startsWith("user-"), r.key);
    if (r.bad === "oversized") {
      assert.ok(r.value.length > maxEventBytes + 1000, `${r.value.length}`);
      assert.ok(r.value.length < 512 * 1024);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.value);
    } catch {
      assert.equal(r.bad, "malformed_json");
      continue;
    }
    assert.notEqual(r.bad, "malformed_json");
    assert.equal(
      StoreEvent.safeParse(parsed).success,
      false,
      `${r.bad}: ${r.value}`,
    );
  }
  assert.deepEqual([...seen].sort(), [...BAD_KINDS].sort());
});

Deno.test("generateRecords() turns a share of records bad during an outage burst", () => {
  const records = [
    ...generateRecords({
      seed: 4,
      startMs: START,
      count: 20_000,
      scenario: "outage",
    }),
  ];
  const inBurst = records.filter((r) => {
    const since = r.simMs - START;
    return since >= 40_000 && since < 70_000;
  });
  const bad = inBurst.filter((r) => r.bad).length / inBurst.length;
  assert.ok(bad > 0.2 && bad < 0.4, `${bad}`);
  assert.equal(
    records.filter((r) => r.simMs - START < 30_000 && r.bad).length,
    0,
  );
});

import assert from "node:assert/strict";
import { generateEvents } from "../../../services/producer/model/generate.ts";
import { findGame } from "../../../shared/catalog.ts";
import type { StoreEvent } from "../../../shared/schemas/events.ts";

const START = Date.parse("2026-11-24T12:00:00Z");

interface Funnel {
  viewed: boolean;
  carted: boolean;
  bought: boolean;
}

function tally(events: Iterable<StoreEvent>) {
  const sessions = new Map<string, Funnel>();
  const count = {
    views: 0,
    wishlistAdds: 0,
    cartAdds: 0,
    purchases: 0,
    searches: 0,
    zero: 0,
  };
  const views = new Map<string, number>();
  for (const e of events) {
    let s = sessions.get(e.session_id);
    if (!s) {
      sessions.set(
        e.session_id,
        s = { viewed: false, carted: false, bought: false },
      );
    }
    switch (e.event_type) {
      case "game_page_viewed":
        count.views++;
        s.viewed = true;
        views.set(e.game_id, (views.get(e.game_id) ?? 0) + 1);
        break;
      case "wishlist_action":
        if (e.action === "add") count.wishlistAdds++;
        break;
      case "cart_action":
        if (e.action === "add") {
          count.cartAdds++;
          s.carted = true;
        }
        break;
      case "purchase":
        count.purchases++;
        s.bought = true;
        break;
      case "search_performed":
        count.searches++;
        if (e.results_count === 0) count.zero++;
        break;
    }
  }
  return { sessions: [...sessions.values()], count, views };
}

const run = tally(
  generateEvents({ seed: 2026, startMs: START, count: 100_000 }),
);

Deno.test("the funnel narrows: views > wishlist adds > cart adds > purchases", () => {
  const { views, wishlistAdds, cartAdds, purchases } = run.count;
  assert.ok(views > wishlistAdds, `${views} > ${wishlistAdds}`);
  assert.ok(wishlistAdds > cartAdds, `${wishlistAdds} > ${cartAdds}`);
  assert.ok(cartAdds > purchases, `${cartAdds} > ${purchases}`);
});

Deno.test("a few percent of viewing sessions buy", () => {
  const viewing = run.sessions.filter((s) => s.viewed);
  const rate = viewing.filter((s) => s.bought).length / viewing.length;
  assert.ok(rate >= 0.02 && rate <= 0.05, `conversion ${rate}`);
});

Deno.test("60-75 % of carts are abandoned", () => {
  const carts = run.sessions.filter((s) => s.carted);
  const abandoned = carts.filter((s) => !s.bought).length / carts.length;
  assert.ok(abandoned >= 0.6 && abandoned <= 0.75, `abandonment ${abandoned}`);
});

Deno.test("popularity is skewed: the top 10 games take a large share of views", () => {
  const sorted = [...run.views.values()].sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  const top10 = sorted.slice(0, 10).reduce((a, b) => a + b, 0) / total;
  assert.ok(top10 > 0.3 && top10 < 0.7, `top-10 share ${top10}`);
  assert.ok(run.views.size > 200, `long tail: ${run.views.size} games viewed`);
});

Deno.test("some searches find nothing, most find something", () => {
  const share = run.count.zero / run.count.searches;
  assert.ok(share > 0.08 && share < 0.25, `zero-result share ${share}`);
});

Deno.test("trending games change over a simulated day", () => {
  const topAt = (hour: number) => {
    const { views } = tally(
      generateEvents({
        seed: 1,
        startMs: START + hour * 3_600_000,
        count: 10_000,
      }),
    );
    return [...views.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map((
      [id],
    ) => id);
  };
  const morning = topAt(0), evening = topAt(7);
  assert.notDeepEqual(morning, evening);
});

Deno.test("20 000 events at the default rate span several one-minute windows", () => {
  const events = [
    ...generateEvents({ seed: 8, startMs: START, count: 20_000 }),
  ];
  const spanMs = Date.parse(events.at(-1)!.timestamp) -
    Date.parse(events[0].timestamp);
  assert.ok(spanMs > 3 * 60_000 && spanMs < 30 * 60_000, `${spanMs} ms`);
});

Deno.test("a flash sale brings sale views and discounted purchases", () => {
  let saleViews = 0, discounted = 0;
  const saleGames = new Set<string>();
  for (
    const e of generateEvents({
      seed: 6,
      startMs: START,
      count: 40_000,
      scenario: "flash-sale",
    })
  ) {
    if (e.event_type === "game_page_viewed" && e.source === "sale") {
      saleViews++;
      saleGames.add(e.game_id);
    }
    if (e.event_type === "purchase") {
      for (const item of e.items) {
        if (!saleGames.has(item.game_id)) continue;
        assert.ok(
          item.price < findGame(item.game_id)!.price * 0.5,
          "sale price",
        );
        discounted++;
      }
    }
  }
  assert.ok(saleViews > 1000, `${saleViews} sale views`);
  assert.equal(saleGames.size, 3);
  assert.ok(discounted > 10, `${discounted} sale purchases`);
});

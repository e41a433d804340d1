import assert from "node:assert/strict";
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import { MetricRecord } from "../../../shared/schemas/metrics.ts";
import {
  windowData,
  windowRecords,
} from "../../../services/processor/records.ts";
import {
  applyEvent,
  drain,
  newTaskState,
  type TaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";
import {
  at,
  cart,
  GAME_A,
  GAME_B,
  purchase,
  search,
  T0,
  view,
  wishlist,
} from "./events.ts";

interface Run {
  state: TaskState;
  closed: WindowAcc[];
  late: number;
}

function run(events: StoreEvent[], latenessMs = 30_000): Run {
  const state = newTaskState(latenessMs);
  const closed: WindowAcc[] = [];
  let late = 0;
  for (const event of events) {
    if (!applyEvent(state, event, Date.parse(event.timestamp), closed)) late++;
  }
  return { state, closed, late };
}

/** Data of every window, closed or drained, by minute offset from T0. */
function finalData(r: Run) {
  drain(r.state, r.closed);
  return new Map(
    r.closed.map((acc) => [(acc.start - T0) / 60_000, windowData(acc)]),
  );
}

Deno.test("applyEvent() counts events per type and revenue in cents per window", () => {
  const data = finalData(run([
    view(at(1), "s1"),
    view(at(2), "s2"),
    search(at(3), "s1", "rpg"),
    purchase(at(4), "s1", [GAME_A, GAME_B]),
    purchase(at(61), "s2", [GAME_B]),
  ]));
  const first = data.get(0)!;
  assert.deepEqual(first.events_per_minute, {
    game_page_viewed: 2,
    wishlist_action: 0,
    cart_action: 0,
    purchase: 1,
    search_performed: 1,
    total: 4,
  });
  assert.equal(
    first.revenue_per_minute.revenue,
    Math.round((GAME_A.price + GAME_B.price) * 100) / 100,
  );
  assert.equal(first.revenue_per_minute.orders, 1);
  assert.equal(data.get(1)!.revenue_per_minute.revenue, GAME_B.price);
});

Deno.test("the funnel counts distinct sessions per step, a purchase without a view included", () => {
  const data = finalData(run([
    view(at(1), "s1"),
    view(at(2), "s1"),
    wishlist(at(3), "s1"),
    wishlist(at(4), "s2", "remove"),
    cart(at(5), "s1"),
    purchase(at(6), "s3"),
  ]));
  assert.deepEqual(data.get(0)!.conversion_funnel, {
    viewed: 1,
    wishlisted: 1,
    carted: 1,
    purchased: 1,
  });
});

Deno.test("a session that crosses a window boundary counts once, in the window it first viewed in", () => {
  const data = finalData(run([view(at(50), "s1"), view(at(70), "s1")]));
  assert.equal(data.get(0)!.conversion_funnel.viewed, 1);
  assert.equal(data.get(1)!.conversion_funnel.viewed, 0);
});

Deno.test("trending_games keeps full per-game view and purchase counts", () => {
  const data = finalData(run([
    view(at(1), "s1", GAME_A),
    view(at(2), "s2", GAME_A),
    view(at(3), "s2", GAME_B),
    purchase(at(4), "s2", [GAME_B]),
  ]));
  assert.deepEqual(data.get(0)!.trending_games.games, {
    [GAME_A.id]: { title: GAME_A.title, views: 2, purchases: 0 },
    [GAME_B.id]: { title: GAME_B.title, views: 1, purchases: 1 },
  });
});

Deno.test("a cart left for 30 minutes is abandoned in the window where the session ended", () => {
  const r = run([cart(at(10), "s1"), view(at(20), "s1")]);
  const data = finalData(r);
  // Last event at 10:00:20, so the session ends at 10:30:20: window 30.
  assert.deepEqual(data.get(30)!.cart_abandonment, { carts: 1, abandoned: 1 });
  assert.deepEqual(data.get(0)!.cart_abandonment, { carts: 0, abandoned: 0 });
});

Deno.test("a purchase after the cart means the cart was not abandoned", () => {
  const data = finalData(run([cart(at(10), "s1"), purchase(at(30), "s1")]));
  assert.deepEqual(data.get(30)!.cart_abandonment, { carts: 1, abandoned: 0 });
});

Deno.test("cart remove then add leaves the game in the cart; add then remove empties it", () => {
  const readded = finalData(run([
    cart(at(1), "s1", "remove"),
    cart(at(2), "s1", "add"),
  ]));
  assert.deepEqual(readded.get(30)!.cart_abandonment, {
    carts: 1,
    abandoned: 1,
  });
  const emptied = finalData(run([
    cart(at(1), "s1", "add"),
    cart(at(2), "s1", "remove"),
  ]));
  assert.deepEqual(emptied.get(30)!.cart_abandonment, {
    carts: 1,
    abandoned: 0,
  });
});

Deno.test("an event 30 minutes after the last one starts a new session and ends the old", () => {
  const r = run([cart(at(0), "s1"), view(at(31 * 60), "s1")]);
  // The new event moved the watermark: window 30 is still open, so drain it.
  const data = finalData(r);
  assert.deepEqual(data.get(30)!.cart_abandonment, { carts: 1, abandoned: 1 });
});

Deno.test("windows close once the watermark passes their end plus the lateness", () => {
  const r = run([view(at(10), "s1"), view(at(89), "s2")]);
  assert.equal(r.closed.length, 0, "10:01:29 - 30 s has not passed 10:01");
  applyEvent(r.state, view(at(90), "s3"), at(90), r.closed);
  assert.deepEqual(r.closed.map((w) => w.start), [T0]);
});

Deno.test("a late event is counted as late and not added to its closed window", () => {
  const r = run([view(at(10), "s1"), view(at(95), "s2"), view(at(20), "s3")]);
  assert.equal(r.late, 1);
  assert.equal(windowData(r.closed[0]).events_per_minute.total, 1);
});

Deno.test("out-of-order events within the lateness still count in their window", () => {
  const r = run([view(at(10), "s1"), view(at(75), "s2"), view(at(50), "s3")]);
  assert.equal(r.late, 0);
  const data = finalData(r);
  assert.equal(data.get(0)!.events_per_minute.total, 2);
});

Deno.test("searches count clicks and conversions of their results, zero-result queries and normalised queries", () => {
  const data = finalData(run([
    search(at(1), "s1", "Space  RPG", [GAME_A.id, GAME_B.id]),
    search(at(2), "s2", "space rpg", []),
    view(at(3), "s1", GAME_B),
    view(at(4), "s1", GAME_A),
    purchase(at(65), "s1", [GAME_A]),
    view(at(66), "s2", GAME_A),
  ]));
  const first = data.get(0)!.search_effectiveness;
  assert.equal(first.searches, 2);
  assert.equal(first.zero_result, 1);
  assert.equal(first.clicked, 1, "one search, clicked once however often");
  assert.deepEqual(first.queries, { "space rpg": 2 });
  assert.deepEqual(first.zero_result_queries, { "space rpg": 1 });
  const second = data.get(1)!.search_effectiveness;
  assert.equal(second.converted, 1, "credited where the purchase happened");
  assert.equal(second.clicked, 0, "s2's search had no results to click");
});

Deno.test("windowRecords() renders six records that satisfy the metrics contract", () => {
  const r = run([view(at(1), "s1"), purchase(at(2), "s1")]);
  drain(r.state, r.closed);
  const records = windowRecords(r.closed[0], 2, true, at(600));
  assert.equal(records.length, 6);
  for (const record of records) {
    assert.deepEqual(MetricRecord.parse(record), record);
    assert.equal(record.partition, 2);
    assert.equal(record.window_start, "2026-11-22T10:00:00.000Z");
    assert.equal(record.window_end, "2026-11-22T10:01:00.000Z");
  }
});

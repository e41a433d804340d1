import assert from "node:assert/strict";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import {
  funnelPanel,
  revenuePanel,
  searchPanel,
  trendingPanel,
} from "../../../lib/panels.ts";
import { createThrottle } from "../../../services/dashboard/throttle.ts";
import {
  applyWindows,
  indexWindows,
  pageWindows,
  seriesEnd,
} from "../../../lib/windows.ts";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";

const END = Date.parse("2026-11-22T20:15:00.000Z");

function index(scale = 1) {
  const store = new MetricStore();
  for (const r of sampleRecords({ endMs: END, minutes: 20, scale })) {
    store.apply(r, 0);
  }
  return indexWindows(store.windows());
}

Deno.test("seriesEnd() follows the newest store window, not the clock", () => {
  assert.equal(seriesEnd(index(), END + 10 * 60_000), END);
  assert.equal(seriesEnd({}, END + 30_500), END);
});

Deno.test("revenuePanel() gives 60 per-minute points with zeros where windows are missing", () => {
  const p = revenuePanel(index(), END);
  assert.equal(p.revenue.length, 60);
  assert.equal(p.revenue[0].v, 0);
  assert.ok(p.lastMinute!.revenue > 0);
  assert.equal(p.lastMinute!.revenue, p.revenue.at(-2)!.v);
  assert.equal(p.lastMinute!.t, END - 60_000);
  assert.equal(p.hour.orders, p.orders.reduce((s, x) => s + x.v, 0));
});

Deno.test("funnelPanel() gives each step as a share of viewing sessions", () => {
  const steps = funnelPanel(index(), END);
  assert.deepEqual(steps.map((s) => s.step), [
    "viewed",
    "wishlisted",
    "carted",
    "purchased",
  ]);
  assert.equal(steps[0].share, 1);
  assert.equal(steps[2].share, steps[2].sessions / steps[0].sessions);
  assert.equal(steps[3].share, 1 / 20);
});

Deno.test("trendingPanel() ranks the top 10 with a 15-point sparkline each", () => {
  const byViews = trendingPanel(index(), END, "views");
  assert.equal(byViews.length, 10);
  assert.ok(byViews[0].views >= byViews[9].views);
  assert.equal(byViews[0].spark.length, 15);
  const byPurchases = trendingPanel(index(), END, "purchases");
  assert.ok(byPurchases.every((g) => g.purchases > 0));
});

Deno.test("searchPanel() sums counts and ranks queries", () => {
  const p = searchPanel(index(), END);
  assert.equal(p.topQueries[0].query, "space sim");
  assert.equal(p.zeroRate, 0.1);
});

Deno.test("applyWindows() replaces by id and drops windows an hour behind", () => {
  const store = new MetricStore();
  const old = sampleRecords({ endMs: END - 61 * 60_000, minutes: 1 });
  const fresh = sampleRecords({ endMs: END, minutes: 1 });
  for (const r of old) store.apply(r, 0);
  const first = applyWindows(new Map(), store.windows());
  const store2 = new MetricStore();
  for (const r of fresh) store2.apply(r, 0);
  const next = applyWindows(first, store2.windows());
  assert.ok(
    [...next.values()].every((w) => Date.parse(w.window_start) === END),
  );
});

Deno.test("createThrottle() runs at once, then at most once per interval", async () => {
  const runs: number[] = [];
  const first = Promise.withResolvers<void>();
  const second = Promise.withResolvers<void>();
  const throttle = createThrottle(() => {
    runs.push(performance.now());
    (runs.length === 1 ? first : second).resolve();
  }, 1_000);
  const asked = performance.now();
  throttle.schedule();
  throttle.schedule();
  await first.promise;
  assert.ok(runs[0] - asked < 500, "first run is not delayed by the interval");
  throttle.schedule();
  throttle.schedule();
  await second.promise;
  assert.equal(runs.length, 2);
  assert.ok(runs[1] - runs[0] >= 990, "second run waits for the interval");
  throttle.stop();
});

Deno.test("pageWindows() keeps an hour of figures but only 15 minutes of per-game and per-query windows", () => {
  const store = new MetricStore();
  for (const r of sampleRecords({ endMs: END, minutes: 40 })) store.apply(r, 0);
  const kept = pageWindows(store.windows());
  const count = (metric: string) =>
    kept.filter((w) => w.metric === metric).length;
  assert.equal(count("revenue_per_minute"), 40);
  assert.equal(count("trending_games"), 15);
  assert.equal(count("search_effectiveness"), 15);
});

/**
 * Every panel, fed empty, single-window and partial-partition data, shows a
 * figure or an explanation: never NaN, undefined, Infinity or a negative
 * percentage. Panels are rendered to HTML, which is what reaches the page.
 */
import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import type { MetricRecord } from "../../../shared/schemas/metrics.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { cartPanel } from "../../../lib/cart.ts";
import { eventTimePanel } from "../../../lib/event_time.ts";
import { eventsPanel, funnelPanel, revenuePanel } from "../../../lib/panels.ts";
import { pipelinePanel } from "../../../lib/pipeline.ts";
import {
  indexWindows,
  seriesEnd,
  type WindowIndex,
} from "../../../lib/windows.ts";
import Dashboard from "../../../islands/Dashboard.tsx";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";

const END = Date.parse("2026-11-22T20:15:00.000Z");
const NOW = END + 30_000;

function storeOf(records: MetricRecord[]): MetricStore {
  const store = new MetricStore();
  for (const r of records) store.apply(r, 0);
  return store;
}

function indexOf(records: MetricRecord[]): WindowIndex {
  return indexWindows(storeOf(records).windows());
}

/** The task gauges a current processor adds to its health records. */
function withGauges(records: MetricRecord[]): MetricRecord[] {
  return records.map((r) =>
    r.metric === "pipeline_health"
      ? {
        ...r,
        emitted_at: new Date(NOW - 2_000).toISOString(),
        data: {
          ...r.data,
          watermark: new Date(NOW - 3_000).toISOString(),
          lateness_ms: 30_000,
          session_gap_ms: 1_800_000,
          open_carts: 3,
          open_cart_value: 59.97,
        },
      }
      : r
  );
}

const CASES: Record<string, MetricRecord[]> = {
  "empty": [],
  "a single window": withGauges(sampleRecords({ endMs: END, minutes: 1 })),
  "one of three partitions": withGauges(
    sampleRecords({ endMs: END, minutes: 3 }).filter((r) => r.partition === 2),
  ),
  "windows without carts or views": withGauges(
    sampleRecords({ endMs: END, minutes: 3 }).map((r) =>
      r.metric === "cart_abandonment"
        ? { ...r, data: { carts: 0, abandoned: 0 } }
        : r.metric === "conversion_funnel"
        ? { ...r, data: { viewed: 0, wishlisted: 0, carted: 0, purchased: 0 } }
        : r
    ),
  ),
};

const BAD = /NaN|undefined|Infinity|-\d+(\.\d+)?\s?%/;

function assertClean(value: unknown, where: string) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const found = BAD.exec(text);
  assert.equal(found, null, `${where}: ${found?.[0]} in ${text.slice(0, 300)}`);
}

/** JSON would turn NaN and Infinity into null, so walk the values themselves. */
function assertFinite(value: unknown, path: string) {
  if (typeof value === "number") {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
  }
}

function page(records: MetricRecord[]): string {
  return renderToString(
    h(Dashboard, {
      initial: { id: "0", windows: storeOf(records).windows() },
      monitor: null,
      now: NOW,
    }),
  );
}

for (const [name, records] of Object.entries(CASES)) {
  Deno.test(`every panel computes finite figures from ${name}`, () => {
    const index = indexOf(records);
    const end = seriesEnd(index, NOW);
    assertFinite(revenuePanel(index, end), "revenue");
    assertFinite(eventsPanel(index, end), "events");
    assertFinite(funnelPanel(index, end), "funnel");
    assertFinite(cartPanel(index, end, NOW), "cart");
    assertFinite(eventTimePanel(index, NOW), "eventTime");
    assertFinite(pipelinePanel(index, NOW), "pipeline");
    for (const s of funnelPanel(index, end)) {
      assert.ok(s.share === null || (s.share >= 0 && s.share <= 1));
    }
  });

  Deno.test(`the rendered page shows no NaN, undefined, Infinity or negative % from ${name}`, () => {
    const html = page(records);
    assertClean(html.replace(/<[^>]*>/g, " "), name);
  });
}

Deno.test("the cart panel says when its first figure can appear and draws gaps, not 0 %", () => {
  const index = indexOf(CASES["windows without carts or views"]);
  const end = seriesEnd(index, NOW);
  const p = cartPanel(index, end, NOW);
  assert.equal(p.rate, null);
  assert.ok(p.trend.every((point) => point.v === null));
  // First window 20:13, plus the 30-minute gap, its minute and the lateness.
  assert.equal(
    new Date(p.firstFigureAt!).toISOString(),
    "2026-11-22T20:44:30.000Z",
  );
  assert.deepEqual(p.open, { carts: 9, value: 179.91 });
  const html = page(CASES["windows without carts or views"]);
  assert.match(html, /first figure about 20:44 UTC/);
});

Deno.test("abandonment is coloured by the stated threshold, not by a small first reading", () => {
  const index = indexOf(
    withGauges(sampleRecords({ endMs: END, minutes: 1, partitions: 1 })).map(
      (r) =>
        r.metric === "cart_abandonment"
          ? { ...r, data: { carts: 17, abandoned: 13 } }
          : r,
    ),
  );
  const small = cartPanel(index, seriesEnd(index, NOW), NOW);
  assert.ok(small.rate! > 0.75);
  assert.equal(small.tone, undefined);
});

Deno.test("the events headline and legend read the same full minute, and say which", () => {
  const index = indexOf(sampleRecords({ endMs: END, minutes: 3 }));
  const p = eventsPanel(index, seriesEnd(index, NOW));
  assert.equal(p.lastMinute!.t, END - 60_000);
  const sum = Object.values(p.lastMinute!.byType).reduce((a, b) => a + b, 0);
  assert.equal(sum, p.lastMinute!.total);
  const html = page(sampleRecords({ endMs: END, minutes: 3 }));
  assert.match(html, /in the last full minute 20:14/);
});

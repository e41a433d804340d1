import assert from "node:assert/strict";
import { generateRecords } from "../../../services/producer/model/generate.ts";
import {
  countDelivered,
  countFailed,
  createStats,
  formatStatus,
  formatSummary,
  snapshot,
  summarize,
} from "../../../services/producer/stats.ts";

Deno.test("summarize() counts valid, bad, types, kinds and bytes", () => {
  const batch = [...generateRecords({ seed: 3, count: 1000, badRatio: 0.1 })];
  const stats = createStats();
  stats.inFlight = 1000 + 10;
  countDelivered(stats, batch);
  countFailed(stats, batch.slice(0, 10));
  const summary = summarize(stats, 2000);
  const bad = batch.filter((r) => r.bad).length;
  assert.equal(summary.events, 1000);
  assert.equal(summary.bad, bad);
  assert.equal(summary.valid, 1000 - bad);
  assert.equal(
    Object.values(summary.by_type).reduce((a, b) => a + b, 0),
    summary.valid,
  );
  assert.equal(
    Object.values(summary.bad_by_kind).reduce((a, b) => a + b, 0),
    bad,
  );
  assert.equal(summary.bytes, batch.reduce((s, r) => s + r.value.length, 0));
  assert.equal(summary.events_per_sec, 500);
  assert.equal(summary.delivery_errors, 10);
  assert.equal(stats.inFlight, 0);
  assert.match(
    formatSummary(summary),
    /^Produced 1000 events \(\d+ valid, \d+ bad\) in 2\.0 s: 500 events\/s/,
  );
});

Deno.test("summarize() counts the events the late scenario sent late", () => {
  const batch = [
    ...generateRecords({
      seed: 3,
      count: 8000,
      startMs: Date.parse("2026-11-22T04:00:00Z"),
      scenario: "late",
    }),
  ];
  const stats = createStats();
  stats.inFlight = batch.length;
  countDelivered(stats, batch);
  const summary = summarize(stats, 1000);
  const delayed = batch.filter((r) => r.delayedMs !== undefined).length;
  assert.ok(delayed > 0);
  assert.equal(summary.delayed, delayed);
  assert.match(
    formatSummary(summary),
    new RegExp(
      `^Produced 8000 events \\(8000 valid, ${delayed} of them sent late, 0 bad\\)`,
    ),
  );
});

Deno.test("formatStatus() shows rates since the previous line", () => {
  const stats = createStats();
  const before = snapshot(stats);
  countDelivered(
    stats,
    [...generateRecords({ seed: 1, count: 500 })].map((r) => {
      stats.inFlight++;
      return r;
    }),
  );
  const line = formatStatus(stats, before, 500);
  assert.match(
    line,
    /^1000 events\/s \(views \d+ searches \d+ wishlist \d+ cart \d+ purchases \d+\) \| total 500 \| bad 0 \| delivery errors 0 \| in flight 0$/,
  );
});

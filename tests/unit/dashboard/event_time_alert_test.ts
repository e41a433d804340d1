import assert from "node:assert/strict";
import type { MetricRecord } from "../../../shared/schemas/metrics.ts";
import { eventTimeAlerts } from "../../../services/monitor/event_time_alert.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { indexWindows } from "../../../lib/windows.ts";

const NOW = Date.parse("2026-11-22T20:15:30.000Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function health(minute: number, late: number, read: number, aheadMs: number) {
  return {
    metric: "pipeline_health",
    window_start: iso(minute),
    window_end: iso(minute + MIN),
    partition: 0,
    final: false,
    emitted_at: iso(Math.min(minute + MIN - 1, NOW - 1_000)),
    data: {
      instance_id: "proc",
      records_in: { "store.views": read },
      records_out: {},
      dead_letters: 0,
      late_events: late,
      errors: 0,
      lag: {},
      processing_ms: 1,
      watermark: iso(Math.min(minute + MIN - 1, NOW - 1_000) + aheadMs),
      lateness_ms: 30_000,
    },
  } satisfies MetricRecord;
}

function producer(instance: string, aheadMs: number, speed: number) {
  const minute = Math.floor(NOW / MIN) * MIN;
  return {
    metric: "producer_health",
    window_start: iso(minute),
    window_end: iso(minute + MIN),
    partition: 0,
    final: false,
    emitted_at: iso(NOW - 2_000),
    data: {
      instance_id: instance,
      sent: 100,
      failed: 0,
      bad_events: 0,
      sim_time: iso(NOW - 2_000 + aheadMs),
      speed,
    },
  } satisfies MetricRecord;
}

function alerts(records: MetricRecord[]) {
  const store = new MetricStore();
  for (const r of records) store.apply(r, 0);
  return eventTimeAlerts(indexWindows(store.windows()), NOW);
}

const minute = Math.floor(NOW / MIN) * MIN;
const quietHistory = Array.from(
  { length: 10 },
  (_, i) => health(minute - (i + 2) * MIN, 0, 3_000, 31 * MIN),
);

Deno.test("eventTimeAlerts() names two generators with different clocks when events turn late", () => {
  const found = alerts([
    ...quietHistory,
    health(minute - MIN, 5_955, 6_000, 31 * MIN),
    health(minute, 100, 200, 31 * MIN),
    producer("dev", 0, 1),
    producer("fast", 31 * MIN, 60),
  ]);
  assert.equal(found.length, 1);
  assert.equal(found[0].rule, "event_time");
  assert.match(
    found[0].reason,
    /^Event time is 31 min ahead of the wall clock and 5,955 events were late in the last minute \(99\.3% of events read/,
  );
  assert.match(found[0].reason, /2 generators write to the same topics/);
  assert.match(found[0].reason, /--speed 60/);
});

Deno.test("eventTimeAlerts() stays quiet for one generator ahead of the wall clock", () => {
  assert.deepEqual(
    alerts([
      ...quietHistory,
      health(minute - MIN, 0, 3_000, 31 * MIN),
      producer("fast", 31 * MIN, 60),
    ]),
    [],
  );
});

Deno.test("eventTimeAlerts() asks about a second generator when the late share jumps without clocks", () => {
  const found = alerts([
    ...quietHistory,
    health(minute - MIN, 400, 3_000, 0),
  ]);
  assert.equal(found.length, 1);
  assert.match(
    found[0].reason,
    /late in the last minute .*: are two generators with different --speed or --start writing to the same topics\?$/,
  );
});

Deno.test("eventTimeAlerts() says when event time runs ahead of every generator's clock", () => {
  const found = alerts([
    ...quietHistory.map((r) => ({ ...r })),
    health(minute - MIN, 0, 3_000, 45 * MIN),
    producer("dev", 0, 1),
  ]);
  assert.equal(found.length, 1);
  assert.match(
    found[0].reason,
    /no generator that reported its clock explains it/,
  );
});

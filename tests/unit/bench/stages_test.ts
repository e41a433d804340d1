import assert from "node:assert/strict";
import { metricKey, MetricRecord } from "../../../shared/schemas/metrics.ts";
import { syntheticRecord } from "../../../services/bench/stages/fanout.ts";
import { observe } from "../../../services/bench/stages/e2e.ts";
import { E2eTracker } from "../../../services/bench/e2e_tracker.ts";

Deno.test("syntheticRecord() makes valid metric records, 30 in a row in distinct windows", () => {
  const now = Date.UTC(2026, 10, 25, 8, 0, 30);
  const keys = new Set<string>();
  for (let n = 0; n < 30; n++) {
    const record = MetricRecord.parse(syntheticRecord(n, now));
    assert.ok(Date.parse(record.window_start) <= now);
    keys.add(`${record.metric}|${record.window_start}`);
    assert.equal(metricKey(record).split("|").length, 3);
  }
  assert.equal(keys.size, 30);
});

Deno.test("observe() feeds events_per_minute windows of an update into the tracker", () => {
  const tracker = new E2eTracker();
  const minute = Date.UTC(2026, 10, 25, 8, 0);
  tracker.sent("purchase", minute + 5, 100, 0);
  tracker.sent("purchase", minute + 6, 100, 0);
  const update = {
    id: "x-1",
    sent_at: 0,
    windows: [
      {
        metric: "revenue_per_minute",
        window_start: new Date(minute).toISOString(),
        value: { purchase: 9 },
      },
      {
        metric: "events_per_minute",
        window_start: new Date(minute).toISOString(),
        value: { purchase: 1, total: 1 },
      },
    ],
  };
  observe(tracker, JSON.stringify(update), 350);
  assert.deepEqual(tracker.latencies(0), [250]);
  assert.equal(tracker.outstanding, 1);
});

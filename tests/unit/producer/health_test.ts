import assert from "node:assert/strict";
import { metricKey, MetricRecord } from "../../../shared/schemas/metrics.ts";
import {
  createHealthTracker,
  healthRecord,
} from "../../../services/producer/health.ts";

const T0 = Date.parse("2026-11-22T20:15:00Z");

Deno.test("healthRecord() builds a valid producer_health record for the minute", () => {
  const record = healthRecord(
    "p-1",
    T0,
    { sent: 10, failed: 1, bad_events: 2 },
    T0 + 5_000,
  );
  assert.deepEqual(MetricRecord.parse(record), record);
  assert.equal(record.window_end, "2026-11-22T20:16:00.000Z");
  assert.equal(record.partition, 0);
  assert.equal(record.final, false);
  assert.equal(
    metricKey(record),
    "producer_health|2026-11-22T20:15:00.000Z|p-1",
  );
});

Deno.test("createHealthTracker() re-emits the current minute and closes past ones as final", () => {
  const tracker = createHealthTracker("p-1", T0 + 1_000);
  tracker.add({ sent: 100, bad_events: 3 }, T0 + 2_000);
  const first = tracker.due(T0 + 5_000);
  assert.equal(first.length, 1);
  assert.deepEqual(first[0].data, {
    instance_id: "p-1",
    sent: 100,
    failed: 0,
    bad_events: 3,
  });
  assert.equal(first[0].final, false);

  tracker.add({ sent: 50 }, T0 + 30_000);
  tracker.add({ sent: 7, failed: 2 }, T0 + 61_000);
  const second = tracker.due(T0 + 64_000);
  assert.equal(second.length, 2);
  assert.equal(second[0].window_start, "2026-11-22T20:15:00.000Z");
  assert.equal(second[0].final, true);
  assert.equal(second[0].data.sent, 150);
  assert.equal(second[1].window_start, "2026-11-22T20:16:00.000Z");
  assert.equal(second[1].final, false);
  assert.deepEqual(second[1].data, {
    instance_id: "p-1",
    sent: 7,
    failed: 2,
    bad_events: 0,
  });
});

Deno.test("createHealthTracker() reports an idle minute with zero counts", () => {
  const tracker = createHealthTracker("p-2", T0);
  tracker.due(T0 + 5_000);
  const later = tracker.due(T0 + 125_000);
  assert.deepEqual(
    later.map((r) => [r.window_start.slice(11, 16), r.final, r.data.sent]),
    [
      ["20:15", true, 0],
      ["20:17", false, 0],
    ],
  );
});

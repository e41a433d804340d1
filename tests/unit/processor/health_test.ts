import assert from "node:assert/strict";
import { metricKey, MetricRecord } from "../../../shared/schemas/metrics.ts";
import {
  countIn,
  countOut,
  healthRecord,
  newHealth,
} from "../../../services/processor/health.ts";

Deno.test("healthRecord() reports one task's processing-time minute within the metrics contract", () => {
  const now = Date.parse("2026-11-25T07:38:27.500Z");
  const acc = newHealth(now);
  countIn(acc, "store.game-views", 120);
  countIn(acc, "store.game-views", 30);
  countOut(acc, "analytics.enriched-events", 149);
  countOut(acc, "analytics.metrics", 0);
  acc.deadLetters = 1;
  acc.batches = 4;
  acc.batchMs = 10;
  const record = healthRecord(acc, {
    partition: 2,
    instanceId: "proc-a",
    lag: { "store.game-views": 7 },
    final: false,
    now,
  });
  assert.deepEqual(MetricRecord.parse(record), record);
  assert.equal(metricKey(record), "pipeline_health|2026-11-25T07:38:00.000Z|2");
  assert.equal(record.metric, "pipeline_health");
  if (record.metric !== "pipeline_health") return;
  assert.equal(record.window_end, "2026-11-25T07:39:00.000Z");
  assert.deepEqual(record.data.records_in, { "store.game-views": 150 });
  assert.deepEqual(record.data.records_out, {
    "analytics.enriched-events": 149,
  });
  assert.equal(record.data.processing_ms, 2.5);
  assert.equal(record.data.instance_id, "proc-a");
});

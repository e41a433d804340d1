import assert from "node:assert/strict";
import { mergeParts, sumData } from "../../../services/dashboard/merge.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import type { MetricRecord } from "../../../shared/schemas/metrics.ts";

const W0 = "2026-11-22T20:15:00.000Z";
const W0_END = "2026-11-22T20:16:00.000Z";

function revenue(
  partition: number,
  revenue: number,
  orders: number,
  start = W0,
  final = false,
): MetricRecord {
  return {
    metric: "revenue_per_minute",
    window_start: start,
    window_end: new Date(Date.parse(start) + 60_000).toISOString(),
    partition,
    final,
    emitted_at: "2026-11-22T20:15:30.000Z",
    data: { revenue, orders, currency: "USD" },
  };
}

Deno.test("sumData() adds numbers and unions nested counts", () => {
  assert.deepEqual(
    sumData({ a: 1, q: { x: 2 }, t: "A" }, { a: 2, q: { x: 1, y: 5 }, t: "B" }),
    { a: 3, q: { x: 3, y: 5 }, t: "B" },
  );
});

Deno.test("mergeParts() sums revenue across partitions and rounds to cents", () => {
  const value = mergeParts("revenue_per_minute", [
    revenue(0, 0.1, 1),
    revenue(1, 0.2, 2),
  ] as Extract<MetricRecord, { metric: "revenue_per_minute" }>[]);
  assert.deepEqual(value, { revenue: 0.3, orders: 3, currency: "USD" });
});

Deno.test("mergeParts() keeps pipeline lag per partition and the slowest task", () => {
  const base = {
    metric: "pipeline_health" as const,
    window_start: W0,
    window_end: W0_END,
    final: false,
    emitted_at: W0,
  };
  const value = mergeParts("pipeline_health", [
    {
      ...base,
      partition: 0,
      data: {
        instance_id: "b",
        records_in: { v: 10 },
        records_out: {},
        dead_letters: 1,
        late_events: 0,
        errors: 0,
        lag: { v: 5 },
        processing_ms: 3,
      },
    },
    {
      ...base,
      partition: 1,
      data: {
        instance_id: "a",
        records_in: { v: 20 },
        records_out: {},
        dead_letters: 0,
        late_events: 2,
        errors: 1,
        lag: { v: 7 },
        processing_ms: 9,
      },
    },
  ]);
  assert.deepEqual(value.instances, ["a", "b"]);
  assert.deepEqual(value.records_in, { v: 30 });
  assert.deepEqual(value.lag_by_partition, { "0": { v: 5 }, "1": { v: 7 } });
  assert.equal(value.processing_ms, 9);
  assert.equal(value.dead_letters + value.late_events + value.errors, 4);
});

Deno.test("MetricStore merges the latest record per key across partitions", () => {
  const store = new MetricStore();
  store.apply(revenue(0, 10, 1), 1);
  store.apply(revenue(1, 5, 1), 2);
  store.apply(revenue(0, 12, 2), 3); // replaces partition 0's earlier record
  const [window] = store.windows();
  assert.deepEqual(window.value, { revenue: 17, orders: 3, currency: "USD" });
  assert.equal(window.parts, 2);
  assert.equal(window.received_at, 3);
  assert.equal(window.final, false);
});

Deno.test("MetricStore keeps windows apart and reports only changed ones", () => {
  const store = new MetricStore();
  store.apply(revenue(0, 1, 1, W0, true), 1);
  store.apply(revenue(0, 2, 1, W0_END), 1);
  assert.equal(store.takeChanges().length, 2);
  assert.deepEqual(store.takeChanges(), []);
  store.apply(revenue(1, 3, 1, W0_END), 2);
  const changes = store.takeChanges();
  assert.equal(changes.length, 1);
  assert.equal(changes[0].window_start, W0_END);
  assert.deepEqual(changes[0].value, {
    revenue: 5,
    orders: 2,
    currency: "USD",
  });
});

Deno.test("MetricStore drops windows an hour behind the newest and refuses older ones", () => {
  const store = new MetricStore({ keepMs: 60 * 60_000 });
  store.apply(revenue(0, 1, 1, "2026-11-22T19:00:00.000Z"), 1);
  store.apply(revenue(0, 1, 1, "2026-11-22T20:00:00.000Z"), 1);
  assert.equal(store.size, 2);
  store.apply(revenue(0, 1, 1, "2026-11-22T20:01:00.000Z"), 1);
  assert.deepEqual(store.windows().map((w) => w.window_start.slice(11, 16)), [
    "20:00",
    "20:01",
  ]);
  assert.equal(
    store.apply(revenue(0, 1, 1, "2026-11-22T18:00:00.000Z"), 1),
    false,
  );
});

Deno.test("MetricStore keys producer health by instance, not partition", () => {
  const store = new MetricStore();
  const health = (instance_id: string, failed: number): MetricRecord => ({
    metric: "producer_health",
    window_start: W0,
    window_end: W0_END,
    partition: 0,
    final: false,
    emitted_at: W0,
    data: { instance_id, sent: 100, failed, bad_events: 0 },
  });
  store.apply(health("p1", 4), 1);
  store.apply(health("p2", 3), 1);
  const [window] = store.windows();
  assert.equal(window.parts, 2);
  assert.deepEqual(window.value, {
    instances: ["p1", "p2"],
    sent: 200,
    failed: 7,
    bad_events: 0,
    clocks: {},
  });
});

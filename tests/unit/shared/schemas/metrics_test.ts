import assert from "node:assert/strict";
import {
  ConversionFunnelData,
  FUNNEL_STEPS,
  metricKey,
  MetricRecord,
  WINDOWED_METRICS,
} from "../../../../shared/schemas/metrics.ts";

const window = {
  window_start: "2026-11-22T20:15:00.000Z",
  window_end: "2026-11-22T20:16:00.000Z",
  partition: 2,
  final: false,
  emitted_at: "2026-11-22T20:15:30.000Z",
};

const RECORDS: MetricRecord[] = [
  {
    ...window,
    metric: "revenue_per_minute",
    data: { revenue: 123.45, orders: 3, currency: "USD" },
  },
  {
    ...window,
    metric: "events_per_minute",
    data: {
      game_page_viewed: 10,
      wishlist_action: 2,
      cart_action: 3,
      purchase: 1,
      search_performed: 4,
      total: 20,
    },
  },
  {
    ...window,
    metric: "conversion_funnel",
    data: { viewed: 9, wishlisted: 2, carted: 3, purchased: 1 },
  },
  {
    ...window,
    metric: "trending_games",
    data: {
      games: {
        "game-0001": { title: "Crimson Frontier", views: 5, purchases: 1 },
      },
    },
  },
  {
    ...window,
    metric: "cart_abandonment",
    data: { carts: 4, abandoned: 3 },
  },
  {
    ...window,
    metric: "search_effectiveness",
    data: {
      searches: 4,
      zero_result: 1,
      clicked: 2,
      converted: 1,
      queries: { "space tactics": 3, "zzz": 1 },
      zero_result_queries: { "zzz": 1 },
    },
  },
  {
    ...window,
    metric: "pipeline_health",
    data: {
      instance_id: "proc-1",
      records_in: { "store.purchases": 10 },
      records_out: { "analytics.metrics": 6 },
      dead_letters: 0,
      late_events: 1,
      errors: 0,
      lag: { "store.purchases": 0 },
      processing_ms: 1.5,
    },
  },
  {
    ...window,
    partition: 0,
    metric: "producer_health",
    data: { instance_id: "prod-abc", sent: 600, failed: 0, bad_events: 6 },
  },
];

function issuePaths(value: unknown): string[] {
  const result = MetricRecord.safeParse(value);
  assert.equal(result.success, false, `accepted ${JSON.stringify(value)}`);
  return result.error!.issues.map((issue) => issue.path.join("."));
}

Deno.test("MetricRecord accepts a valid record of every metric", () => {
  assert.equal(new Set(RECORDS.map((r) => r.metric)).size, 8);
  for (const record of RECORDS) {
    assert.deepEqual(
      MetricRecord.parse(JSON.parse(JSON.stringify(record))),
      record,
    );
  }
});

Deno.test("MetricRecord rejects an unknown metric", () => {
  assert.deepEqual(issuePaths({ ...RECORDS[0], metric: "revenue" }), [
    "metric",
  ]);
});

Deno.test("MetricRecord rejects data that belongs to another metric", () => {
  const paths = issuePaths({ ...RECORDS[0], data: RECORDS[4].data });
  assert.deepEqual(paths.sort(), [
    "data.currency",
    "data.orders",
    "data.revenue",
  ]);
});

Deno.test("MetricRecord rejects negative and fractional counts", () => {
  assert.deepEqual(
    issuePaths({ ...RECORDS[4], data: { carts: -1, abandoned: 0 } }),
    ["data.carts"],
  );
  assert.deepEqual(
    issuePaths({ ...RECORDS[4], data: { carts: 1.5, abandoned: 0 } }),
    ["data.carts"],
  );
  assert.deepEqual(
    issuePaths({
      ...RECORDS[5],
      data: { ...RECORDS[5].data, queries: { q: -2 } },
    }),
    ["data.queries.q"],
  );
});

Deno.test("MetricRecord rejects window times that are not UTC ISO 8601", () => {
  assert.deepEqual(
    issuePaths({ ...RECORDS[0], window_start: "2026-11-22T21:15:00+01:00" }),
    ["window_start"],
  );
  assert.deepEqual(issuePaths({ ...RECORDS[0], emitted_at: 1795464930000 }), [
    "emitted_at",
  ]);
});

Deno.test("MetricRecord rejects a missing final flag or partition", () => {
  const { final: _final, partition: _partition, ...rest } = RECORDS[1];
  assert.deepEqual(issuePaths(rest).sort(), ["final", "partition"]);
});

Deno.test("metricKey() is metric|window_start|partition", () => {
  assert.equal(
    metricKey(RECORDS[0]),
    "revenue_per_minute|2026-11-22T20:15:00.000Z|2",
  );
});

Deno.test("metricKey() ends in the instance id for producer health", () => {
  assert.equal(
    metricKey(RECORDS[7]),
    "producer_health|2026-11-22T20:15:00.000Z|prod-abc",
  );
});

Deno.test("metricKey() differs for every metric, window and partition", () => {
  const keys = new Set<string>();
  for (const record of RECORDS) {
    for (const partition of [0, 1, 2]) {
      for (
        const start of ["2026-11-22T20:15:00.000Z", "2026-11-22T20:16:00.000Z"]
      ) {
        keys.add(metricKey({ ...record, partition, window_start: start }));
      }
    }
  }
  // Producer health ignores the partition: 7 metrics x 3 x 2 + 1 x 2.
  assert.equal(keys.size, 44);
});

Deno.test("WINDOWED_METRICS lists the six event-time metrics", () => {
  assert.deepEqual([...WINDOWED_METRICS].sort(), [
    "cart_abandonment",
    "conversion_funnel",
    "events_per_minute",
    "revenue_per_minute",
    "search_effectiveness",
    "trending_games",
  ]);
});

Deno.test("FUNNEL_STEPS lists every field of the funnel record, in the shopper's order", () => {
  assert.deepEqual(
    [...FUNNEL_STEPS].sort(),
    Object.keys(ConversionFunnelData.shape).sort(),
  );
  assert.deepEqual(FUNNEL_STEPS, [
    "viewed",
    "wishlisted",
    "carted",
    "purchased",
  ]);
});

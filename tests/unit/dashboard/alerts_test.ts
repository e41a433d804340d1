import assert from "node:assert/strict";
import { evaluateAlerts } from "../../../services/monitor/alerts.ts";
import type { GroupView, PartitionLag } from "../../../lib/kafka_types.ts";
import type { MetricWindow } from "../../../lib/types.ts";
import { indexWindows } from "../../../lib/windows.ts";

const NOW = Date.parse("2026-11-22T20:15:30.000Z");
const MIN = 60_000;

function health(
  minutesAgo: number,
  { lag = 0, errors = 0, records = 1000, emittedAgoMs = 1000 } = {},
): MetricWindow<"pipeline_health"> {
  const start = Math.floor(NOW / MIN) * MIN - minutesAgo * MIN;
  return {
    metric: "pipeline_health",
    window_start: new Date(start).toISOString(),
    window_end: new Date(start + MIN).toISOString(),
    final: minutesAgo > 0,
    parts: 1,
    value: {
      instances: ["p"],
      records_in: { "store.game-views": records },
      records_out: {},
      dead_letters: 0,
      late_events: 0,
      errors,
      lag: { "store.game-views": lag },
      processing_ms: 1,
      lag_by_partition: { "2": { "store.game-views": lag } },
    },
    emitted_at: new Date(NOW - emittedAgoMs - minutesAgo * MIN).toISOString(),
    received_at: NOW,
  };
}

function producer(
  minutesAgo: number,
  failed: number,
): MetricWindow<"producer_health"> {
  const start = Math.floor(NOW / MIN) * MIN - minutesAgo * MIN;
  return {
    metric: "producer_health",
    window_start: new Date(start).toISOString(),
    window_end: new Date(start + MIN).toISOString(),
    final: false,
    parts: 1,
    value: { instances: ["x"], sent: 100, failed, bad_events: 0 },
    emitted_at: new Date(NOW).toISOString(),
    received_at: NOW,
  };
}

const rules = (
  windows: MetricWindow[],
  now = NOW,
  group: GroupView | null = null,
) =>
  evaluateAlerts({ group, index: indexWindows(windows), nowMs: now }).map((a) =>
    a.rule
  );

function part(
  partition: number,
  over: Partial<PartitionLag> = {},
): PartitionLag {
  return {
    topic: "store.game-views",
    partition,
    committed: 10,
    low: 0,
    high: 10,
    lag: 0,
    owner: "m1",
    stuck_since: null,
    stalled: false,
    unowned: false,
    ...over,
  };
}

function group(lag: PartitionLag[], members = 1): GroupView {
  return {
    group_id: "analytics-processor",
    state: members ? "Stable" : "Empty",
    protocol: "CoPartitionedSticky",
    members: Array.from({ length: members }, (_, i) => ({
      member_id: `m${i + 1}`,
      client_id: "proc",
      client_host: "/127.0.0.1",
      assignment: {},
    })),
    lag,
    total_lag: lag.reduce((s, p) => s + p.lag, 0),
    polled_at: NOW,
    consumed_per_s: 0,
    produced_per_s: 0,
  };
}

Deno.test("evaluateAlerts() is quiet for a healthy pipeline", () => {
  assert.deepEqual(
    rules(
      [health(1), health(0), producer(0, 10)],
      NOW,
      group([part(0, { lag: 1000 }), part(1)]),
    ),
    [],
  );
});

Deno.test("evaluateAlerts() fires on broker lag over 1000 and names the partition", () => {
  const alerts = evaluateAlerts({
    group: group([part(0), part(2, { lag: 1001 })]),
    index: indexWindows([health(0)]),
    nowMs: NOW,
  });
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].rule, "consumer_lag");
  assert.match(alerts[0].reason, /1,001 on store\.game-views partition 2/);
  assert.deepEqual(alerts[0].partitions, ["store.game-views/2"]);
});

Deno.test("evaluateAlerts() ignores the processor's self-reported lag", () => {
  assert.deepEqual(
    rules([health(0, { lag: 5000 })], NOW, group([part(0)])),
    [],
  );
});

Deno.test("evaluateAlerts() reports stalled partitions with their lag and how long they have not moved", () => {
  const alerts = evaluateAlerts({
    group: group([
      part(0, { lag: 40, stalled: true, stuck_since: NOW - 35_000 }),
      part(1, { lag: 3, stuck_since: NOW - 5_000 }),
    ]),
    index: {},
    nowMs: NOW,
  });
  assert.deepEqual(alerts.map((a) => a.rule), ["partition_stalled"]);
  assert.deepEqual(alerts[0].partitions, ["store.game-views/0"]);
  assert.match(
    alerts[0].reason,
    /store\.game-views\/0 \(lag 40, no commit for 35 s\)/,
  );
});

Deno.test("evaluateAlerts() reports unowned partitions, and a group with no members while there is lag", () => {
  assert.deepEqual(
    rules([], NOW, group([part(0), part(1, { owner: null, unowned: true })])),
    ["partitions_unowned"],
  );
  assert.deepEqual(rules([], NOW, group([part(0, { lag: 5 })], 0)), [
    "no_members",
  ]);
  assert.deepEqual(rules([], NOW, group([part(0)], 0)), [], "no lag, no alert");
});

Deno.test("evaluateAlerts() fires on an error rate over 1% across 5 minutes", () => {
  const windows = [0, 1, 2, 3, 4].map((m) =>
    health(m, { errors: 3, records: 200 })
  );
  assert.deepEqual(rules(windows), ["error_rate"]);
  const old = [5, 6].map((m) => health(m, { errors: 100, records: 200 }));
  assert.deepEqual(
    rules([...old, health(0, { errors: 1, records: 1000 })]),
    [],
  );
});

Deno.test("evaluateAlerts() fires on more than 10 producer failures in a minute, and clears later", () => {
  assert.deepEqual(rules([health(0), producer(0, 11)]), ["producer_failures"]);
  assert.deepEqual(rules([health(0), producer(3, 50)]), []);
});

Deno.test("evaluateAlerts() reports a processor that stopped reporting", () => {
  const stale = health(0, { emittedAgoMs: 90_000 });
  assert.deepEqual(rules([stale]), ["processor_silent"]);
});

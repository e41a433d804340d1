import assert from "node:assert/strict";
import {
  clearEstimate,
  LagHistory,
} from "../../../services/dashboard/lag_history.ts";
import { countByReason } from "../../../services/dashboard/dead_letters.ts";
import type { GroupInfo } from "../../../lib/groups_types.ts";

const group = (lags: (number | null)[]): GroupInfo => ({
  group_id: "g",
  state: "Stable",
  protocol_type: "consumer",
  protocol: "range",
  members: [],
  partitions: lags.map((lag, partition) => ({
    topic: "t",
    partition,
    committed: lag === null ? null : 0,
    end: lag ?? 0,
    lag,
  })),
});

Deno.test("clearEstimate() divides the lag by its net fall over the last minute", () => {
  const points = [{ t: 0, lag: 1000 }, { t: 30_000, lag: 700 }, {
    t: 60_000,
    lag: 400,
  }];
  assert.deepEqual(clearEstimate(points), {
    drain_per_s: 10,
    clear_in_ms: 40_000,
  });
});

Deno.test("clearEstimate() gives no time while the lag grows", () => {
  const estimate = clearEstimate([{ t: 0, lag: 10 }, { t: 5_000, lag: 60 }]);
  assert.equal(estimate.clear_in_ms, null);
  assert.equal(estimate.drain_per_s, -10);
});

Deno.test("LagHistory sums partitions per topic and forgets samples older than an hour", () => {
  const history = new LagHistory();
  history.record(0, [group([5, 7, null])]);
  history.record(3_000_000, [group([1, 1])]);
  history.record(3_700_000, [group([0, 0])]);
  const [topic] = history.view().g;
  assert.deepEqual(topic.points, [{ t: 3_000_000, lag: 2 }, {
    t: 3_700_000,
    lag: 0,
  }]);
  assert.equal(topic.clear_in_ms, 0);
});

Deno.test("countByReason() counts per reason and minute with empty minutes as zero", () => {
  const series = countByReason([
    { reason: "invalid_json", timestamp: 0 },
    { reason: "invalid_json", timestamp: 130_000 },
    { reason: "schema", timestamp: 10_000 },
  ]);
  assert.deepEqual(
    series.map((s) => [s.reason, s.total, s.points.map((p) => p.v)]),
    [
      ["invalid_json", 2, [1, 0, 1]],
      ["schema", 1, [1, 0, 0]],
    ],
  );
});

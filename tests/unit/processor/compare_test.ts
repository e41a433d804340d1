import assert from "node:assert/strict";
import type { MetricRecord } from "../../../shared/schemas/metrics.ts";
import {
  windowData,
  windowRecords,
} from "../../../services/processor/records.ts";
import {
  applyEvent,
  drain,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";
import { compareMetrics } from "../../../services/processor/verify/compare.ts";
import { at, view } from "./events.ts";

function closedWindow(): WindowAcc {
  const state = newTaskState(30_000);
  applyEvent(state, view(at(1), "s1"), at(1), []);
  const closed: WindowAcc[] = [];
  drain(state, closed);
  return closed[0];
}

Deno.test("compareMetrics() finds equal records equal and a changed count different", () => {
  const acc = closedWindow();
  const batch = [{
    partition: 0,
    start: acc.start,
    closedByWatermark: true,
    data: windowData(acc),
  }];
  const records = windowRecords(acc, 0, true, at(100));
  assert.ok(
    compareMetrics(records, batch).every((r) =>
      r.equal === 1 && r.different === 0
    ),
  );

  const tampered = records.map((r) =>
    r.metric === "events_per_minute"
      ? { ...r, data: { ...r.data, total: 2 } } as MetricRecord
      : r
  );
  const rows = compareMetrics(tampered, batch);
  assert.equal(
    rows.find((r) => r.metric === "events_per_minute")!.different,
    1,
  );
  assert.equal(rows.find((r) => r.metric === "trending_games")!.different, 0);
});

Deno.test("compareMetrics() reports a final record the batch does not have", () => {
  const acc = closedWindow();
  const rows = compareMetrics(windowRecords(acc, 1, true, at(100)), []);
  assert.ok(rows.every((r) => r.unexpected === 1));
});

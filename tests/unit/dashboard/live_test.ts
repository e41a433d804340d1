import assert from "node:assert/strict";
import { computed } from "@preact/signals";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { applyStreamEvent, createLiveSnapshot } from "../../../lib/live.ts";
import { revenuePanel } from "../../../lib/panels.ts";
import { indexWindows } from "../../../lib/windows.ts";
import type { MonitorState } from "../../../lib/monitor_types.ts";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";

const END = Date.parse("2026-11-22T20:15:00.000Z");

function windowsOf(scale: number) {
  const store = new MetricStore();
  for (const r of sampleRecords({ endMs: END, scale })) store.apply(r, END);
  return store.windows();
}

Deno.test("a live snapshot's computed panel follows the update events of the stream", () => {
  const live = createLiveSnapshot({ id: "b-0", windows: windowsOf(1) });
  const hour = computed(() =>
    revenuePanel(indexWindows(live.windows.value.values()), END).hour.orders
  );
  const before = hour.value;
  assert.ok(before > 0);
  assert.equal(live.status.value, "connecting");
  const changed = windowsOf(2).filter((w) => w.metric === "revenue_per_minute");
  applyStreamEvent(
    live,
    "update",
    JSON.stringify({ id: "b-1", sent_at: END, windows: changed }),
    END + 1,
  );
  assert.equal(hour.value, 2 * before);
  assert.equal(live.lastId, "b-1", "a reconnection resumes after it");
  assert.equal(live.status.value, "live");
  assert.equal(live.lastEventAt.value, END + 1);
});

Deno.test("a snapshot event replaces every window and a monitor event only the monitor", () => {
  const live = createLiveSnapshot({ id: "b-0", windows: windowsOf(1) });
  applyStreamEvent(
    live,
    "snapshot",
    JSON.stringify({ id: "c-0", windows: [] }),
    END,
  );
  assert.equal(live.windows.value.size, 0);
  assert.equal(live.lastId, "c-0");
  const monitor: MonitorState = {
    group: null,
    poll_error: "no broker",
    alerts: [],
    cleared: [],
    evaluated_at: END,
  };
  const windows = live.windows.value;
  applyStreamEvent(live, "monitor", JSON.stringify(monitor), END + 5);
  assert.deepEqual(live.monitor.value, monitor);
  assert.equal(live.windows.value, windows);
  assert.equal(live.lastId, "c-0");
  assert.equal(live.lastEventAt.value, END, "a monitor event is no data");
});

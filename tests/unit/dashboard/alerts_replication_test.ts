import assert from "node:assert/strict";
import { evaluateAlerts } from "../../../services/monitor/alerts.ts";
import { indexWindows } from "../../../lib/windows.ts";

const healthy = {
  topic: "t",
  partition: 0,
  leader: 1,
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
};

Deno.test("evaluateAlerts() raises under_replicated for partitions with fewer in-sync copies than replicas, naming the brokers", () => {
  const alerts = evaluateAlerts({
    group: null,
    index: indexWindows([]),
    nowMs: 0,
    replication: [
      healthy,
      { topic: "t", partition: 1, leader: 2, replicas: [3, 1, 2], isr: [2, 1] },
    ],
  });
  const under = alerts.find((a) => a.rule === "under_replicated");
  assert.ok(under);
  assert.deepEqual(under.partitions, ["t/1"]);
  assert.match(
    under.reason,
    /^1 partition\(s\) under-replicated: broker\(s\) 3 out of sync/,
  );
});

Deno.test("evaluateAlerts() clears under_replicated once every replica is back in sync", () => {
  const alerts = evaluateAlerts({
    group: null,
    index: indexWindows([]),
    nowMs: 0,
    replication: [healthy],
  });
  assert.equal(alerts.some((a) => a.rule === "under_replicated"), false);
});

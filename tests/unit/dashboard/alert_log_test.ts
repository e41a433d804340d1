import assert from "node:assert/strict";
import {
  EMPTY_ALERT_LOG,
  nextAlertLog,
} from "../../../services/dashboard/alert_log.ts";
import type { Alert } from "../../../lib/monitor_types.ts";

const T0 = Date.parse("2026-11-22T20:15:00.000Z");
const at = (s: number) => T0 + s * 1000;
const iso = (s: number) => new Date(at(s)).toISOString();
const stalled = (reason = "1 partition(s) stalled"): Alert => ({
  rule: "partition_stalled",
  reason,
  partitions: ["t/0"],
});

Deno.test("nextAlertLog() keeps an alert's first since while its reason follows the latest evaluation", () => {
  let log = nextAlertLog(EMPTY_ALERT_LOG, [stalled("lag 5")], at(0));
  log = nextAlertLog(log, [stalled("lag 9")], at(3));
  assert.deepEqual(log.active, [{ ...stalled("lag 9"), since: iso(0) }]);
  assert.deepEqual(log.cleared, []);
});

Deno.test("nextAlertLog() moves an alert that no longer holds to cleared, and forgets it after the keep time", () => {
  let log = nextAlertLog(EMPTY_ALERT_LOG, [stalled()], at(0));
  log = nextAlertLog(log, [], at(10));
  assert.deepEqual(log.active, []);
  assert.deepEqual(log.cleared, [{
    ...stalled(),
    since: iso(0),
    cleared_at: iso(10),
  }]);
  log = nextAlertLog(log, [], at(10 + 299), { keepClearedMs: 300_000 });
  assert.equal(log.cleared.length, 1);
  log = nextAlertLog(log, [], at(10 + 300), { keepClearedMs: 300_000 });
  assert.deepEqual(log.cleared, []);
});

Deno.test("nextAlertLog() gives an alert that fires again a new since and takes it off the cleared list", () => {
  let log = nextAlertLog(EMPTY_ALERT_LOG, [stalled()], at(0));
  log = nextAlertLog(log, [], at(5));
  log = nextAlertLog(log, [stalled()], at(9));
  assert.deepEqual(log.active.map((a) => a.since), [iso(9)]);
  assert.deepEqual(log.cleared, []);
});

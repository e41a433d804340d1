import assert from "node:assert/strict";
import {
  advanceProgress,
  beginProgress,
  progressView,
} from "../../../services/labs/progress.ts";
import { findLab } from "../../../services/labs/catalog.ts";
import { demoLab, snapshot, verifyResult } from "./fake_lab.ts";

const T0 = Date.parse("2026-11-22T10:00:00Z");
const idle = { watching: true, error: null };

Deno.test("beginProgress() checks the first step against the baseline and waits with its detail", () => {
  const p = beginProgress(demoLab, snapshot(T0, { ends: { t: 5 } }));
  const view = progressView(demoLab, p, idle);
  assert.equal(view.current, 0);
  assert.equal(view.started_at, T0);
  assert.deepEqual(view.steps.map((s) => s.status), [
    "waiting",
    "pending",
    "pending",
  ]);
  assert.equal(view.steps[0].detail, "no new records on t");
  assert.equal(view.steps[1].detail, null);
});

Deno.test("advanceProgress() checks steps in order, each from the snapshot that showed the previous one", () => {
  let p = beginProgress(demoLab, snapshot(T0, { ends: { t: 5 } }));
  // The flag of step 2 is already set, but step 1 comes first.
  p = advanceProgress(
    demoLab,
    p,
    snapshot(T0 + 1_000, { ends: { t: 5 }, probes: { flag: true } }),
  );
  assert.equal(p.seen.length, 0);
  // Records arrive and the flag is still set: step 1, then step 2 from the same snapshot.
  p = advanceProgress(
    demoLab,
    p,
    snapshot(T0 + 2_000, { ends: { t: 8 }, probes: { flag: true } }),
  );
  assert.deepEqual(p.seen, [
    { detail: "3 records <i>arrived</i>", at: T0 + 2_000 },
    { detail: "flag set", at: T0 + 2_000 },
  ]);
  assert.equal(p.start.at, T0 + 2_000);
  assert.equal(p.missing, "flag set");
  const view = progressView(demoLab, p, idle);
  assert.deepEqual(view.steps.map((s) => [s.status, s.started_at, s.seen_at]), [
    ["seen", T0, T0 + 2_000],
    ["seen", T0 + 2_000, T0 + 2_000],
    ["waiting", T0 + 2_000, null],
  ]);
  p = advanceProgress(demoLab, p, snapshot(T0 + 3_000));
  const done = progressView(demoLab, p, idle);
  assert.equal(done.current, 3);
  assert.equal(done.steps[2].detail, "flag cleared");
  assert.equal(p.missing, null);
});

Deno.test("progressView() marks a step waited on past its manual limit as overdue", () => {
  let p = beginProgress(demoLab, snapshot(T0, { ends: { t: 0 } }));
  p = advanceProgress(demoLab, p, snapshot(T0 + 1_000, { ends: { t: 1 } }));
  p = advanceProgress(demoLab, p, snapshot(T0 + 5_500, { ends: { t: 1 } }));
  const view = progressView(demoLab, p, idle);
  assert.equal(view.steps[1].status, "waiting");
  assert.equal(view.steps[1].overdue, false);
  p = advanceProgress(demoLab, p, snapshot(T0 + 6_500, { ends: { t: 1 } }));
  assert.equal(progressView(demoLab, p, idle).steps[1].overdue, true);
});

Deno.test("progressView() of a lab not watched yet shows every step pending", () => {
  const view = progressView(demoLab, null, { watching: false, error: null });
  assert.equal(view.started_at, null);
  assert.deepEqual(view.steps.map((s) => s.status), [
    "pending",
    "pending",
    "pending",
  ]);
  assert.deepEqual(view.steps[0].doIt, ["deno task produce --events 10"]);
});

Deno.test("the progress runs the catalog's own checks: lab 5's first step is seen once verify is exact under exactly-once after the baseline", () => {
  const lab = findLab("semantics");
  assert.ok(lab);
  const before = verifyResult("2026-11-22T09:59:00.000Z");
  let p = beginProgress(
    lab,
    snapshot(T0, { verify: before, probes: { semantics: "exactly-once" } }),
  );
  assert.equal(p.missing, "no new deno task verify run yet");
  p = advanceProgress(
    lab,
    p,
    snapshot(T0 + 9_000, {
      verify: verifyResult("2026-11-22T10:00:08.000Z"),
      probes: { semantics: "exactly-once" },
    }),
  );
  const view = progressView(lab, p, idle);
  assert.equal(view.steps[0].status, "seen");
  assert.match(view.steps[0].detail!, /verify exact after the crash: 120/);
  assert.equal(view.steps[1].status, "waiting");
  assert.equal(view.steps[1].detail, "no new deno task verify run yet");
});

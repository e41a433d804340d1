import assert from "node:assert/strict";
import {
  lateCounted,
  type LatenessFigures,
  latenessFigures,
  windowsGrew,
} from "../../../services/labs/labs/windows_checks.ts";
import { snapshot, verifyResult } from "./fake_snapshot.ts";

const W1 = "2026-11-22T04:00:00.000Z";
const W2 = "2026-11-22T04:01:00.000Z";

function health(
  minute: string,
  partition: number,
  late: number,
  read: number,
  latenessMs = 30_000,
  emittedAt = 5_000,
) {
  return {
    key: `pipeline_health|${minute}|${partition}`,
    value: {
      metric: "pipeline_health",
      window_start: minute,
      partition,
      final: false,
      emitted_at: new Date(emittedAt).toISOString(),
      data: {
        late_events: late,
        records_in: { "store.page-views": read },
        lateness_ms: latenessMs,
      },
    },
  };
}

function events(
  window: string,
  partition: number,
  total: number,
  final = true,
) {
  return {
    key: `events_per_minute|${window}|${partition}`,
    value: {
      metric: "events_per_minute",
      window_start: window,
      partition,
      final,
      data: { total },
    },
  };
}

const raw = (late: number, latenessMs: number) => ({
  valid: 1000,
  late,
  rejected: 0,
  lateness_ms: latenessMs,
});

Deno.test("latenessFigures() takes the latest record per key and sums over partitions", () => {
  const f = latenessFigures([
    health(W1, 0, 3, 100),
    health(W1, 0, 7, 200, 30_000, 9_000), // re-emitted: replaces the first
    health(W1, 1, 5, 150),
    events(W1, 0, 40, false),
    events(W1, 0, 50),
    events(W1, 1, 60),
    events(W2, 0, 9, false), // not final: left out
  ]);
  assert.deepEqual(f, {
    late: 12,
    read: 350,
    latenessMs: [30_000],
    windows: { [W1]: 110 },
    oldestHealthAt: 5_000,
  });
});

const before: LatenessFigures = {
  late: 30,
  read: 1000,
  latenessMs: [30_000],
  windows: { [W1]: 500, [W2]: 470 },
  oldestHealthAt: 2_000,
};

Deno.test("lateCounted() passes when the stream's late count and verify's agree at one lateness", () => {
  const start = snapshot({ at: 1_000 });
  const now = snapshot({
    probes: { lateness: before },
    verify: verifyResult({ raw: raw(30, 30_000) }),
  });
  const result = lateCounted({ start, now });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /30 of 1,000 events late at 30 s/);
});

Deno.test("lateCounted() waits for a verify run after the step began, with the processor's lateness", () => {
  const start = snapshot({ at: 3_000_000 });
  const now = snapshot({
    probes: { lateness: { ...before, oldestHealthAt: 3_500_000 } },
    verify: verifyResult({ raw: raw(30, 30_000) }),
  });
  assert.match(lateCounted({ start, now }).detail, /no new deno task verify/);
  const other = snapshot({
    probes: { lateness: before },
    verify: verifyResult({ raw: raw(0, 300_000) }),
  });
  const result = lateCounted({ start: snapshot({ at: 0 }), now: other });
  assert.equal(result.ok, false);
  assert.match(result.detail, /verify recomputed with a lateness of 5 min/);
});

Deno.test("lateCounted() waits while the metrics hold records from before the step", () => {
  const result = lateCounted({
    start: snapshot({ at: 10_000 }),
    now: snapshot({
      probes: { lateness: before },
      verify: verifyResult({ raw: raw(30, 30_000) }),
    }),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /from before this step/);
});

Deno.test("lateCounted() waits while nothing is late", () => {
  const result = lateCounted({
    start: snapshot({ at: 0 }),
    now: snapshot({
      probes: { lateness: { ...before, late: 0 } },
      verify: verifyResult({ raw: raw(0, 30_000) }),
    }),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /--scenario late/);
});

Deno.test("windowsGrew() passes when the windows grew by exactly the events no longer late", () => {
  const after: LatenessFigures = {
    late: 0,
    read: 1000,
    latenessMs: [300_000],
    windows: { [W1]: 520, [W2]: 480 },
    oldestHealthAt: 2_000,
  };
  const result = windowsGrew({
    start: snapshot({ at: 0, probes: { lateness: before } }),
    now: snapshot({
      probes: { lateness: after },
      verify: verifyResult({ raw: raw(0, 300_000) }),
    }),
  });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /late events 30 → 0 at 5 min/);
  assert.match(
    result.detail,
    /2 windows grew by 30 events.*04:00 \+20, 04:01 \+10/,
  );
});

Deno.test("windowsGrew() waits while the windows do not account for the admitted events", () => {
  const start = snapshot({ at: 0, probes: { lateness: before } });
  const verify = verifyResult({ raw: raw(0, 300_000) });
  const partial: LatenessFigures = {
    late: 0,
    read: 1000,
    latenessMs: [300_000],
    windows: { [W1]: 530 }, // W2 not final yet
    oldestHealthAt: 2_000,
  };
  const result = windowsGrew({
    start,
    now: snapshot({ probes: { lateness: partial }, verify }),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /drained/);
});

Deno.test("windowsGrew() waits while the processor still runs with the same lateness", () => {
  const result = windowsGrew({
    start: snapshot({ at: 0, probes: { lateness: before } }),
    now: snapshot({
      probes: { lateness: before },
      verify: verifyResult({ raw: raw(30, 30_000) }),
    }),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /still runs with a lateness of 30 s/);
});

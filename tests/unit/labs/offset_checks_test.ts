import assert from "node:assert/strict";
import type { GroupView } from "../../../lib/kafka_types.ts";
import {
  caughtUp,
  movedBack,
  OUTPUTS,
  verifiedExact,
} from "../../../services/labs/labs/offset_checks.ts";
import type { Snapshot } from "../../../services/labs/model.ts";
import type { VerifyResult } from "../../../shared/verify_result.ts";

const ENRICHED = "p.analytics.enriched-events";
const DEAD = "p.store.dead-letter";

/** Two partitions, each holding offsets 100..1100 (low 100 after an emptying), committed as given. */
function snapshot(
  committed: (number | null)[],
  options: {
    members?: number;
    ends?: Record<string, number>;
    at?: number;
    verify?: VerifyResult;
  } = {},
): Snapshot {
  const group: GroupView = {
    group_id: "p.analytics-processor",
    state: options.members ? "Stable" : "Empty",
    protocol: "",
    members: Array.from({ length: options.members ?? 0 }, (_, i) => ({
      member_id: `m-${i}`,
      client_id: `c-${i}`,
      client_host: "/127.0.0.1",
      assignment: {},
    })),
    lag: committed.map((c, partition) => ({
      topic: "p.store.game-views",
      partition,
      committed: c,
      low: 100,
      high: 1100,
      lag: 1100 - (c ?? 100),
      owner: null,
      stuck_since: null,
      stalled: false,
      unowned: false,
    })),
    total_lag: 0,
    polled_at: 0,
    consumed_per_s: null,
    produced_per_s: null,
  };
  return {
    at: options.at ?? 0,
    group,
    alerts: [],
    replication: [],
    ends: options.ends ?? { [ENRICHED]: 5000, [DEAD]: 40 },
    verify: options.verify ?? null,
    probes: {},
  };
}

Deno.test("caughtUp() counts records from the start of the log, not from offset 0", () => {
  const result = caughtUp({
    start: snapshot([null, null]),
    now: snapshot([1100, 1100]),
  });
  assert.deepEqual(result, {
    ok: true,
    detail: "caught up: read 0 → 2,000 of 2,000 records on 2 partitions, lag 0",
  });
});

Deno.test("caughtUp() waits while a partition is behind its end", () => {
  const result = caughtUp({
    start: snapshot([100, 100]),
    now: snapshot([1100, 600]),
  });
  assert.equal(result.ok, false);
  assert.match(
    result.detail,
    /^500 records not committed yet on 1 of 2 partitions/,
  );
});

Deno.test("caughtUp() after a reprocess also needs the output topics' ends where they were", () => {
  const start = snapshot([100, 100]);
  const same = caughtUp({ start, now: snapshot([1100, 1100]) }, OUTPUTS);
  assert.ok(same.ok);
  assert.match(
    same.detail,
    /analytics.enriched-events and store.dead-letter did not grow by a single offset: nothing was written to them again$/,
  );
  const grown = caughtUp({
    start,
    now: snapshot([1100, 1100], { ends: { [ENRICHED]: 5300, [DEAD]: 40 } }),
  }, OUTPUTS);
  assert.equal(grown.ok, false);
  assert.match(
    grown.detail,
    /lag 0, but analytics.enriched-events grew by 300: written again/,
  );
});

Deno.test("movedBack() to the earliest needs every partition back at its start", () => {
  const start = snapshot([1100, 1100]);
  const done = movedBack({ start, now: snapshot([100, 100]) }, "earliest");
  assert.deepEqual(done, {
    ok: true,
    detail:
      "committed offsets moved back by 2,000 records, to the start of every partition: all 2,000 to read again",
  });
  const half = movedBack({ start, now: snapshot([100, 1100]) }, "earliest");
  assert.equal(half.ok, false);
  assert.match(half.detail, /not to the start of every partition yet/);
});

Deno.test("movedBack() to a time must stop short of the start", () => {
  const start = snapshot([1100, 1100]);
  const mid = movedBack({ start, now: snapshot([600, 700]) }, "time");
  assert.ok(mid.ok, mid.detail);
  assert.match(
    mid.detail,
    /moved back by 900 records; the 1,100 records before the time stay read/,
  );
  const all = movedBack({ start, now: snapshot([100, 100]) }, "time");
  assert.equal(all.ok, false);
});

Deno.test("movedBack() asks to stop the processor while it is a member and nothing moved", () => {
  const start = snapshot([1100, 1100], { members: 1 });
  const result = movedBack({
    start,
    now: snapshot([1100, 1100], { members: 1 }),
  }, "earliest");
  assert.equal(result.ok, false);
  assert.match(result.detail, /1 live member\(s\): stop the processor first/);
});

function verify(at: string, extra: number, lost: number): VerifyResult {
  return {
    at,
    prefix: "p.",
    expect: "exact",
    ok: extra === 0 && lost === 0,
    extra,
    lost,
    compared: 144,
    summary: "…",
    failures: [],
  };
}

Deno.test("verifiedExact() takes only a verify run after the step began, and only an exact one", () => {
  const began = Date.parse("2026-11-22T08:00:00Z");
  const start = snapshot([1100, 1100], { at: began });
  const old = verifiedExact({
    start,
    now: snapshot([1100, 1100], {
      verify: verify("2026-11-22T07:59:00Z", 0, 0),
    }),
  });
  assert.match(old.detail, /no new deno task verify run yet/);
  const twice = verifiedExact({
    start,
    now: snapshot([1100, 1100], {
      verify: verify("2026-11-22T08:01:00Z", 12, 0),
    }),
  });
  assert.equal(twice.ok, false);
  assert.match(twice.detail, /\+12 counted twice/);
  const exact = verifiedExact({
    start,
    now: snapshot([1100, 1100], {
      verify: verify("2026-11-22T08:01:00Z", 0, 0),
    }),
  });
  assert.ok(exact.ok);
  assert.match(exact.detail, /^verify exact: 144 final metric records/);
});

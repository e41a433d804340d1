import assert from "node:assert/strict";
import {
  countDeadLetter,
  deadLettersWithReasons,
  type DeadLetterTally,
  emptyTally,
  outageBurst,
  type ReplayFigures,
  replaysProcessed,
  verifiedAfterReplay,
} from "../../../services/labs/labs/dead_letters_checks.ts";
import type { GroupView, PartitionLag } from "../../../lib/kafka_types.ts";
import { snapshot, verifyResult } from "./fake_snapshot.ts";

const source = (reason?: string) => ({
  "dlq.reason": reason,
  "dlq.source.topic": "t.store.purchases",
  "dlq.source.offset": "12",
});

function tally(
  reasons: string[],
  storeRecords: number,
): DeadLetterTally {
  const t = emptyTally();
  for (const r of reasons) countDeadLetter(t, source(r), 2_000_000);
  t.storeRecords = storeRecords;
  return t;
}

Deno.test("countDeadLetter() counts reasons and dead letters without a reason or a source", () => {
  const t = emptyTally();
  countDeadLetter(t, source("schema"), 5);
  countDeadLetter(t, source("schema"), 5);
  countDeadLetter(t, source(undefined), 7);
  countDeadLetter(t, { "dlq.reason": "oversized" }, 3);
  assert.deepEqual(t.byReason, { schema: 2, oversized: 1 });
  assert.equal(t.count, 4);
  assert.equal(t.withoutReason, 1);
  assert.equal(t.withoutSource, 1);
  assert.equal(t.oldestAt, 3);
});

Deno.test("deadLettersWithReasons() waits while dead letters from before the step are on the topic", () => {
  const t = tally(["schema", "invalid_json", "oversized"], 100);
  t.oldestAt = 500;
  const result = deadLettersWithReasons({
    start: snapshot({ at: 1_000 }),
    now: snapshot({ probes: { deadLetters: t } }),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /from before this step.*reset --all --yes/);
});

Deno.test("deadLettersWithReasons() passes with several reasons, each dead letter with its source", () => {
  const now = snapshot({
    probes: {
      deadLetters: tally(
        ["schema", "schema", "invalid_json", "oversized"],
        100,
      ),
    },
  });
  const result = deadLettersWithReasons({ start: snapshot(), now });
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    /4 dead letters \(4\.0 % of 100 records\).*schema 2, invalid_json 1, oversized 1/,
  );
});

Deno.test("deadLettersWithReasons() waits while a dead letter lacks its reason, or none came", () => {
  const t = tally(["schema", "invalid_json", "oversized"], 100);
  countDeadLetter(t, source(undefined), 2_000_000);
  const lacking = deadLettersWithReasons({
    start: snapshot(),
    now: snapshot({ probes: { deadLetters: t } }),
  });
  assert.equal(lacking.ok, false);
  assert.match(lacking.detail, /1 dead letters without a reason/);
  const none = deadLettersWithReasons({ start: snapshot(), now: snapshot() });
  assert.equal(none.ok, false);
  assert.match(none.detail, /no dead letters yet/);
});

Deno.test("deadLettersWithReasons() and outageBurst() wait while the processor has records left to read", () => {
  const start = snapshot({ probes: { deadLetters: tally([], 0) } });
  const now = snapshot({
    group: { ...group([]), total_lag: 120 },
    probes: {
      deadLetters: tally(
        Array(300).fill("schema").concat(["oversized", "invalid_json"]),
        1000,
      ),
    },
  });
  for (const check of [deadLettersWithReasons, outageBurst]) {
    const result = check({ start, now });
    assert.equal(result.ok, false);
    assert.match(result.detail, /120 records left to read/);
  }
});

Deno.test("outageBurst() judges the share of the step's new records, not of all", () => {
  const start = snapshot({
    probes: { deadLetters: tally(Array(50).fill("schema"), 1000) },
  });
  const burst = snapshot({
    probes: { deadLetters: tally(Array(50 + 150).fill("schema"), 2000) },
  });
  const result = outageBurst({ start, now: burst });
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    /150 of 1,000 new records dead-lettered \(15\.0 %, against 5\.0 % before\)/,
  );
  const calm = snapshot({
    probes: { deadLetters: tally(Array(50 + 60).fill("schema"), 2000) },
  });
  assert.equal(outageBurst({ start, now: calm }).ok, false);
});

const lag = (
  topic: string,
  partition: number,
  committed: number | null,
): PartitionLag => ({
  topic,
  partition,
  committed,
  low: 0,
  high: 100,
  lag: 0,
  owner: null,
  stuck_since: null,
  stalled: false,
  unowned: false,
});

function group(lags: PartitionLag[]): GroupView {
  return {
    group_id: "g",
    state: "Empty",
    protocol: "",
    members: [],
    lag: lags,
    total_lag: 0,
    polled_at: 0,
    consumed_per_s: null,
    produced_per_s: null,
  };
}

const replays: ReplayFigures = {
  replayed: [
    {
      topic: "t.store.cart-events",
      partition: 1,
      offset: 40,
      of: "dl:0:3",
      eventId: "a",
    },
    {
      topic: "t.store.purchases",
      partition: 0,
      offset: 9,
      of: "dl:0:5",
      eventId: "b",
    },
  ],
  enriched: ["a", "b"],
};

Deno.test("replaysProcessed() passes once the group committed past every replayed record and each is enriched", () => {
  const now = snapshot({
    group: group([
      lag("t.store.cart-events", 1, 41),
      lag("t.store.purchases", 0, 10),
    ]),
    probes: { replays, deadLetters: tally(Array(10).fill("schema"), 100) },
  });
  const result = replaysProcessed({ start: snapshot(), now });
  assert.ok(result.ok, result.detail);
  assert.match(
    result.detail,
    /2 dead letters repaired and replayed.*other 8 stay/,
  );
});

Deno.test("replaysProcessed() waits for the commit past a replayed record, and for its enriched copy", () => {
  const behind = snapshot({
    group: group([
      lag("t.store.cart-events", 1, 40),
      lag("t.store.purchases", 0, 10),
    ]),
    probes: { replays },
  });
  const waitingCommit = replaysProcessed({ start: snapshot(), now: behind });
  assert.equal(waitingCommit.ok, false);
  assert.match(waitingCommit.detail, /1 of 2 replayed records not processed/);
  const notEnriched = snapshot({
    group: group([
      lag("t.store.cart-events", 1, 41),
      lag("t.store.purchases", 0, 10),
    ]),
    probes: { replays: { ...replays, enriched: ["a"] } },
  });
  const result = replaysProcessed({ start: snapshot(), now: notEnriched });
  assert.equal(result.ok, false);
  assert.match(
    result.detail,
    /1 of 2 replayed records not on the enriched topic/,
  );
  const none = replaysProcessed({ start: snapshot(), now: snapshot() });
  assert.match(none.detail, /dlq replay --fix/);
});

Deno.test("verifiedAfterReplay() needs an exact verify run after the step began", () => {
  const start = snapshot({ at: 1_000 });
  const raw = { valid: 990, late: 3, rejected: 40, lateness_ms: 30_000 };
  const good = verifiedAfterReplay({
    start,
    now: snapshot({ verify: verifyResult({ raw }), probes: { replays } }),
  });
  assert.ok(good.ok, good.detail);
  assert.match(
    good.detail,
    /990 valid events, the 2 replayed included \(3 late in all\), and 40 rejected/,
  );
  const failed = verifiedAfterReplay({
    start,
    now: snapshot({
      verify: verifyResult({ ok: false, failures: ["dead letters"] }),
    }),
  });
  assert.equal(failed.ok, false);
  const old = verifiedAfterReplay({
    start: snapshot({ at: 3_000_000 }),
    now: snapshot({ verify: verifyResult({ raw }) }),
  });
  assert.match(old.detail, /no new deno task verify/);
});

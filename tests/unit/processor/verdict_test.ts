import assert from "node:assert/strict";
import type { MetricComparison } from "../../../services/processor/verify/compare.ts";
import { verdict } from "../../../services/processor/verify/verdict.ts";

function rows(extra: number, lost: number): MetricComparison[] {
  const different = extra + lost > 0 ? 1 : 0;
  return [{
    metric: "events_per_minute",
    compared: 4,
    equal: 4 - different,
    different,
    missing: 0,
    unexpected: 0,
    examples: [],
    extra,
    lost,
  }];
}

const base = { deadLettersOk: true, invalidMetrics: 0 };

Deno.test("verdict() says how far the stream is from the batch", () => {
  const v = verdict({
    ...base,
    rows: rows(37, 0),
    enriched: 1037,
    valid: 1000,
    expect: "exact",
  });
  assert.match(
    v.summary,
    /\+37 events counted twice, -0 events lost; enriched topic: \+37/,
  );
  assert.deepEqual(v.failures, [
    "events_per_minute",
    "enriched count 1037 != 1000",
  ]);
});

Deno.test("verdict() passes the duplicates drill only with duplicates and no loss", () => {
  assert.deepEqual(
    verdict({
      ...base,
      rows: rows(37, 0),
      enriched: 1037,
      valid: 1000,
      expect: "duplicates",
    }).failures,
    [],
  );
  assert.deepEqual(
    verdict({
      ...base,
      rows: rows(0, 0),
      enriched: 1000,
      valid: 1000,
      expect: "duplicates",
    }).failures,
    ["expected duplicates, found none"],
  );
  assert.deepEqual(
    verdict({
      ...base,
      rows: rows(5, 3),
      enriched: 1000,
      valid: 1000,
      expect: "duplicates",
    }).failures,
    ["expected no loss, found 3 events lost"],
  );
});

Deno.test("verdict() passes the loss drill only with loss and no duplicates", () => {
  assert.deepEqual(
    verdict({
      ...base,
      rows: rows(0, 112),
      enriched: 888,
      valid: 1000,
      expect: "loss",
    }).failures,
    [],
  );
  assert.deepEqual(
    verdict({
      ...base,
      rows: rows(0, 0),
      enriched: 1000,
      valid: 1000,
      expect: "loss",
    }).failures,
    ["expected loss, found none"],
  );
});

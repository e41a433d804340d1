import assert from "node:assert/strict";
import {
  combinedRate,
  SCALE_SETUPS,
  scaleName,
  scaleResults,
} from "../../../services/bench/stages/scale.ts";
import { formatTable } from "../../../services/bench/table.ts";

const span = (records: number, from: number, to: number) => ({
  records_in: records,
  started_at: new Date(from).toISOString(),
  finished_at: new Date(to).toISOString(),
});

Deno.test("combinedRate() rates instances run together from the first start to the last finish", () => {
  const at = Date.UTC(2026, 11, 1, 12);
  assert.equal(
    combinedRate([
      span(60_000, at, at + 4_000),
      span(40_000, at + 1_000, at + 5_000),
    ], 100_000),
    20_000,
  );
});

Deno.test("combinedRate() refuses a run that did not read the whole backlog", () => {
  const at = Date.UTC(2026, 11, 1, 12);
  assert.throws(
    () => combinedRate([span(99_999, at, at + 1_000)], 100_000),
    /99999 of 100000 records/,
  );
});

Deno.test("scaleResults() compares every setup with one instance on one thread and says what bounds it", () => {
  const rates = new Map(
    SCALE_SETUPS.map((s, i) => [scaleName(s), [10_000 * (1 + i / 10)]]),
  );
  const results = scaleResults(rates, 2);
  assert.deepEqual(results.map((r) => r.name), [
    "process-scale-1x1",
    "process-scale-2x1",
    "process-scale-3x1",
    "process-scale-1x2",
    "process-scale-1x3",
  ]);
  assert.equal(results[0].reference, null);
  assert.equal(results[1].reference?.median, 10_000);
  assert.equal(results[1].ratio, 1.1);
  assert.equal(results[4].ratio, 1.4);
  assert.match(
    results[3].note ?? "",
    /1 instance, 2 workers; 2 cores shared with the broker/,
  );
  const table = formatTable(results).split("\n");
  assert.match(
    table[2],
    /^process-scale-2x1\s+events\/s\s+11,000\s+10,000\s+1\.1\s+—\s+—$/,
  );
  assert.ok(
    table.includes(
      "note: process-scale-2x1: 2 instances; 2 cores shared with the broker bound the speed-up below 2",
    ),
    table.join("\n"),
  );
});

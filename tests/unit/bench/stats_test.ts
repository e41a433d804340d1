import assert from "node:assert/strict";
import {
  percentile,
  round,
  slope,
  summarize,
} from "../../../services/bench/stats.ts";

Deno.test("summarize() gives the median, min and max and keeps the runs in order", () => {
  assert.deepEqual(summarize([3, 1, 2]), {
    median: 2,
    min: 1,
    max: 3,
    runs: [3, 1, 2],
  });
});

Deno.test("summarize() averages the two middle runs of an even count", () => {
  assert.equal(summarize([4, 1, 3, 10]).median, 3.5);
});

Deno.test("summarize() rejects no runs and non-finite runs", () => {
  assert.throws(() => summarize([]), RangeError);
  assert.throws(() => summarize([1, NaN]), RangeError);
});

Deno.test("percentile() uses the nearest rank, so it is always an observed value", () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile([7, 9], 99), 9);
  assert.equal(percentile([5], 0), 5);
});

Deno.test("percentile() rejects an empty list and a p outside 0..100", () => {
  assert.throws(() => percentile([], 50), RangeError);
  assert.throws(() => percentile([1], 101), RangeError);
});

Deno.test("slope() fits a least-squares line and is 0 when flat or too short", () => {
  assert.equal(slope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]), 2);
  assert.equal(slope([{ x: 0, y: 4 }, { x: 5, y: 4 }]), 0);
  assert.equal(slope([{ x: 0, y: 4 }]), 0);
});

Deno.test("round() keeps the given decimals", () => {
  assert.equal(round(1.23456, 2), 1.23);
  assert.equal(round(12345.6, 0), 12346);
});

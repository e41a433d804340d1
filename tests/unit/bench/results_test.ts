import assert from "node:assert/strict";
import { makeResult } from "../../../services/bench/results.ts";

Deno.test("makeResult() computes the ratio of medians and checks a ratio goal", () => {
  const result = makeResult({
    name: "produce",
    unit: "events/s",
    ours: [600, 500, 700],
    reference: [1000, 900, 1100],
    goal: { on: "ratio", op: ">=", value: 0.5 },
  });
  assert.deepEqual(result, {
    name: "produce",
    unit: "events/s",
    ours: { median: 600, min: 500, max: 700, runs: [600, 500, 700] },
    reference: { median: 1000, min: 900, max: 1100, runs: [1000, 900, 1100] },
    ratio: 0.6,
    goal: "ratio >= 0.5",
    met: true,
  });
});

Deno.test("makeResult() marks a missed ratio goal as not met", () => {
  const result = makeResult({
    name: "process",
    unit: "events/s",
    ours: [100],
    reference: [1000],
    goal: { on: "ratio", op: ">=", value: 0.5 },
  });
  assert.equal(result.ratio, 0.1);
  assert.equal(result.met, false);
});

Deno.test("makeResult() checks a goal on our own median when there is no reference", () => {
  const under = makeResult({
    name: "fanout",
    unit: "ms",
    ours: [200, 260, 240],
    goal: { on: "ours", op: "<", value: 250 },
  });
  assert.equal(under.reference, null);
  assert.equal(under.ratio, null);
  assert.equal(under.goal, "< 250 ms");
  assert.equal(under.met, true);
  const over = makeResult({
    name: "fanout",
    unit: "ms",
    ours: [250],
    goal: { on: "ours", op: "<", value: 250 },
  });
  assert.equal(over.met, false);
});

Deno.test("makeResult() reports a figure without a goal as met with goal null", () => {
  const result = makeResult({ name: "process-rss", unit: "MB", ours: [80] });
  assert.equal(result.goal, null);
  assert.equal(result.met, true);
});

Deno.test("makeResult() keeps a note and a check, and adds neither when absent", () => {
  const check = { equal: true, metrics: [] };
  const noted = makeResult({
    name: "process-vs-streams",
    unit: "events/s",
    ours: [2],
    reference: [1],
    note: "reference: the peer",
    check,
  });
  assert.equal(noted.note, "reference: the peer");
  assert.deepEqual(noted.check, check);
  const plain = makeResult({ name: "process-rss", unit: "MB", ours: [1] });
  assert.equal("note" in plain, false);
  assert.equal("check" in plain, false);
});

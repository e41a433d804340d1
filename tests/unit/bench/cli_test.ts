import assert from "node:assert/strict";
import {
  parseBenchArgs,
  parseDuration,
  UsageError,
} from "../../../services/bench/cli.ts";

Deno.test("parseBenchArgs() runs every stage but soak, three times, by default", () => {
  const options = parseBenchArgs([]);
  assert.deepEqual(options.stages, ["produce", "process", "e2e", "fanout"]);
  assert.equal(options.runs, 3);
  assert.equal(options.quick, false);
  assert.equal(options.out, "bench-results.json");
  assert.equal(options.soakMs, 600_000);
});

Deno.test("parseBenchArgs() adds soak with --soak and shortens it with --quick", () => {
  const options = parseBenchArgs(["--quick", "--soak"]);
  assert.deepEqual(options.stages.at(-1), "soak");
  assert.equal(options.soakMs, 60_000);
  assert.equal(parseBenchArgs(["--soak-duration=90s"]).soakMs, 90_000);
});

Deno.test("parseBenchArgs() takes --only, --runs and --out", () => {
  const options = parseBenchArgs([
    "--only",
    "fanout,e2e",
    "--runs=5",
    "--out",
    "x.json",
  ]);
  assert.deepEqual(options.stages, ["fanout", "e2e"]);
  assert.equal(options.runs, 5);
  assert.equal(options.out, "x.json");
});

Deno.test("parseBenchArgs() rejects unknown flags, stages and bad numbers", () => {
  assert.throws(() => parseBenchArgs(["--fast"]), UsageError);
  assert.throws(() => parseBenchArgs(["--only", "produce,nope"]), /nope/);
  assert.throws(() => parseBenchArgs(["--runs", "0"]), /--runs/);
  assert.throws(() => parseBenchArgs(["--runs"]), /Missing value/);
});

Deno.test("parseDuration() reads seconds, minutes and hours and rejects the rest", () => {
  assert.equal(parseDuration("10m"), 600_000);
  assert.equal(parseDuration("45"), 45_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.throws(() => parseDuration("soon"), UsageError);
  assert.throws(() => parseDuration("0s"), UsageError);
});

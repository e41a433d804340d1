import assert from "node:assert/strict";
import {
  parseCli,
  parseDuration,
  parseRate,
  UsageError,
} from "../../../services/producer/cli.ts";

Deno.test("parseRate() accepts N, N/s and max", () => {
  assert.equal(parseRate("200"), 200);
  assert.equal(parseRate("50/s"), 50);
  assert.equal(parseRate("2.5/s"), 2.5);
  assert.equal(parseRate("max"), "max");
});

Deno.test("parseRate() rejects zero, negatives and junk", () => {
  for (const bad of ["0", "-5", "5/m", "fast", "", "1e3"]) {
    assert.throws(() => parseRate(bad), UsageError, bad);
  }
});

Deno.test("parseDuration() reads ms, s, m, h and bare seconds", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("10m"), 600_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("3"), 3_000);
});

Deno.test("parseDuration() rejects unknown units and zero", () => {
  for (const bad of ["10d", "0s", "soon", "-1m"]) {
    assert.throws(() => parseDuration(bad), UsageError, bad);
  }
});

Deno.test("parseCli() fills the documented defaults", () => {
  const cli = parseCli([]);
  assert.deepEqual(cli, {
    rate: undefined,
    durationMs: undefined,
    events: undefined,
    seed: undefined,
    startMs: undefined,
    speed: 1,
    badRatio: 0,
    scenario: "none",
    knownAnswer: false,
    key: "user_id",
    summaryJson: undefined,
    help: false,
  });
});

Deno.test("parseCli() reads every flag", () => {
  const cli = parseCli([
    "--rate",
    "100/s",
    "--duration=2m",
    "--events",
    "5000",
    "--seed",
    "7",
    "--start",
    "2026-11-22T08:00:00Z",
    "--speed",
    "60",
    "--bad-ratio",
    "0.01",
    "--scenario",
    "flash-sale",
    "--key",
    "random",
    "--summary-json",
    "out.json",
  ]);
  assert.equal(cli.rate, 100);
  assert.equal(cli.durationMs, 120_000);
  assert.equal(cli.events, 5000);
  assert.equal(cli.seed, 7);
  assert.equal(cli.startMs, Date.parse("2026-11-22T08:00:00Z"));
  assert.equal(cli.speed, 60);
  assert.equal(cli.badRatio, 0.01);
  assert.equal(cli.scenario, "flash-sale");
  assert.equal(cli.key, "random");
  assert.equal(cli.summaryJson, "out.json");
});

Deno.test("parseCli() takes every scenario, late included", () => {
  for (const name of ["none", "flash-sale", "outage", "late"]) {
    assert.equal(parseCli(["--scenario", name]).scenario, name);
  }
});

Deno.test("parseCli() names the flag and the value that are wrong", () => {
  const cases: [string[], RegExp][] = [
    [["--events=-3"], /--events.*"-3"/],
    [["--events", "2.5"], /--events/],
    [["--seed", "abc"], /--seed.*"abc"/],
    [["--speed", "0"], /--speed/],
    [["--bad-ratio", "1.5"], /--bad-ratio.*"1.5"/],
    [["--scenario", "party"], /--scenario.*none, flash-sale, outage/],
    [["--key", "session_id"], /--key.*user_id, random/],
    [["--start", "yesterday"], /--start.*"yesterday"/],
    [["--rate", "fast"], /--rate/],
    [["--colour"], /colour/],
    [["stray"], /stray/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseCli(args), (error: unknown) => {
      assert.ok(error instanceof UsageError, `${args}: ${error}`);
      assert.match(error.message, message);
      return true;
    });
  }
});

Deno.test("parseCli() recognises --help", () => {
  assert.equal(parseCli(["--help"]).help, true);
  assert.equal(parseCli(["-h"]).help, true);
});

import assert from "node:assert/strict";
import { parseChaosArgs } from "../../../services/chaos/cli.ts";

Deno.test("parseChaosArgs() reads every flag", () => {
  assert.deepEqual(
    parseChaosArgs([
      "--quick",
      "--seed",
      "7",
      "--duration=90s",
      "--rate",
      "50",
    ]),
    { help: false, quick: true, seed: 7, durationMs: 90_000, rate: 50 },
  );
});

Deno.test("parseChaosArgs() names a bad flag or value in a sentence", () => {
  assert.throws(() => parseChaosArgs(["--bogus"]), {
    name: "UsageError",
    message: /^Invalid flag --bogus: expected one of --seed, --duration/,
  });
  assert.throws(() => parseChaosArgs(["--seed", "-1"]), {
    name: "UsageError",
    message: 'Invalid --seed: expected a whole number >= 0 (got "-1")',
  });
  assert.throws(() => parseChaosArgs(["--rate"]), {
    name: "UsageError",
    message:
      "Invalid --rate: expected a number of events per second > 0 (got nothing)",
  });
});

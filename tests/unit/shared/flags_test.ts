import assert from "node:assert/strict";
import { invalidFlag, parseFlags, UsageError } from "../../../shared/flags.ts";

const SPEC = { strings: ["rate", "out"], booleans: ["quick"] } as const;

Deno.test("parseFlags() reads values with a space or an equals sign, and booleans", () => {
  assert.deepEqual(
    parseFlags(["--rate", "5", "--out=x.json", "--quick"], SPEC),
    {
      values: { rate: "5", out: "x.json", quick: true },
      positionals: [],
      help: false,
    },
  );
});

Deno.test("parseFlags() hands a value starting with one dash to the caller's check", () => {
  assert.equal(parseFlags(["--rate", "-1"], SPEC).values.rate, "-1");
});

Deno.test("parseFlags() reads a missing value as empty, not the next flag", () => {
  assert.deepEqual(parseFlags(["--out", "--quick"], SPEC).values, {
    out: "",
    quick: true,
  });
  assert.equal(parseFlags(["--rate"], SPEC).values.rate, "");
});

Deno.test("parseFlags() recognises --help and -h for every task", () => {
  assert.equal(parseFlags(["--help"], {}).help, true);
  assert.equal(parseFlags(["-h"], SPEC).help, true);
  assert.equal(parseFlags([], SPEC).help, false);
});

Deno.test("parseFlags() names an unknown flag and the known ones", () => {
  assert.throws(
    () => parseFlags(["--colour"], SPEC),
    (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(
        error.message,
        "Invalid flag --colour: expected one of --rate, --out, --quick, --help",
      );
      return true;
    },
  );
});

Deno.test("parseFlags() rejects a value given to a boolean flag", () => {
  assert.throws(
    () => parseFlags(["--quick=yes"], SPEC),
    /^UsageError: Invalid --quick: expected no value \(got "yes"\)$/,
  );
});

Deno.test("parseFlags() takes only as many positionals as the task allows", () => {
  assert.deepEqual(parseFlags(["stop"], { positionals: 1 }).positionals, [
    "stop",
  ]);
  assert.throws(
    () => parseFlags(["stop", "now"], { positionals: 1 }),
    /Invalid argument "now"/,
  );
  assert.throws(() => parseFlags(["stray"], SPEC), /Invalid argument "stray"/);
});

Deno.test("invalidFlag() words a bad value and a missing one alike", () => {
  assert.equal(
    invalidFlag("speed", "a number above 0", "-1").message,
    'Invalid --speed: expected a number above 0 (got "-1")',
  );
  assert.equal(
    invalidFlag("speed", "a number above 0", "").message,
    "Invalid --speed: expected a number above 0 (got nothing)",
  );
});

import assert from "node:assert/strict";
import {
  defaultWorkers,
  parseProcessorArgs,
} from "../../../services/processor/cli.ts";

Deno.test("parseProcessorArgs() reads every flag", () => {
  assert.deepEqual(
    parseProcessorArgs([
      "--until-caught-up",
      "--drain",
      "--summary-json",
      "out.json",
      "--instance-id",
      "p1",
      "--workers",
      "3",
    ]),
    {
      untilCaughtUp: true,
      drain: true,
      summaryJson: "out.json",
      instanceId: "p1",
      semantics: "exactly-once",
      crashAtCommit: null,
      workers: 3,
      help: false,
    },
  );
});

Deno.test("parseProcessorArgs() rejects unknown flags, positionals and --drain alone", () => {
  assert.throws(() => parseProcessorArgs(["--fast"]), TypeError);
  assert.throws(() => parseProcessorArgs(["extra"]), TypeError);
  assert.throws(() => parseProcessorArgs(["--drain"]), /--until-caught-up/);
  assert.throws(() => parseProcessorArgs(["--summary-json"]), TypeError);
});

Deno.test("parseProcessorArgs() names a bad flag in a sentence with the flags it knows", () => {
  assert.throws(
    () => parseProcessorArgs(["--bogus"]),
    {
      name: "UsageError",
      message:
        "Invalid flag --bogus: expected one of --summary-json, --instance-id, --semantics, --crash-at-commit, --workers, --until-caught-up, --drain, --help",
    },
  );
  assert.throws(
    () => parseProcessorArgs(["--instance-id="]),
    {
      message:
        "Invalid --instance-id: expected a name for this instance (got nothing)",
    },
  );
  assert.equal(parseProcessorArgs(["-h"]).help, true);
});

Deno.test("--semantics takes the three delivery semantics, exactly-once by default", () => {
  assert.equal(parseProcessorArgs([]).semantics, "exactly-once");
  for (const s of ["exactly-once", "at-least-once", "at-most-once"]) {
    assert.equal(parseProcessorArgs(["--semantics", s]).semantics, s);
  }
  assert.throws(
    () => parseProcessorArgs(["--semantics", "twice"]),
    /Invalid --semantics: expected exactly-once, at-least-once, at-most-once \(got "twice"\)/,
  );
});

Deno.test("--crash-at-commit takes a count of commits from 1", () => {
  assert.equal(parseProcessorArgs([]).crashAtCommit, null);
  assert.equal(parseProcessorArgs(["--crash-at-commit", "3"]).crashAtCommit, 3);
  for (const bad of ["0", "-1", "2.5", "x"]) {
    assert.throws(
      () => parseProcessorArgs(["--crash-at-commit", bad]),
      /Invalid --crash-at-commit/,
    );
  }
});

Deno.test("parseProcessorArgs() leaves --workers to the default when absent and rejects a bad count", () => {
  assert.equal(parseProcessorArgs([]).workers, null);
  assert.equal(parseProcessorArgs(["--workers=1"]).workers, 1);
  for (const bad of ["0", "-1", "1.5", "two", "65", ""]) {
    assert.throws(
      () => parseProcessorArgs([`--workers=${bad}`]),
      {
        name: "UsageError",
        message:
          `Invalid --workers: expected a whole number from 1 to 64 (got ${
            bad === "" ? "nothing" : `"${bad}"`
          })`,
      },
    );
  }
  assert.throws(() => parseProcessorArgs(["--workers"]), /--workers/);
});

Deno.test("defaultWorkers() takes one worker per core, never more than the tasks", () => {
  assert.equal(defaultWorkers(2, 3), 2);
  assert.equal(defaultWorkers(16, 3), 3);
  assert.equal(defaultWorkers(16, 6), 6);
  assert.equal(defaultWorkers(1, 3), 1);
  assert.equal(defaultWorkers(0, 3), 1);
});

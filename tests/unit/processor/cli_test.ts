import assert from "node:assert/strict";
import { parseProcessorArgs } from "../../../services/processor/cli.ts";

Deno.test("parseProcessorArgs() reads every flag", () => {
  assert.deepEqual(
    parseProcessorArgs([
      "--until-caught-up",
      "--drain",
      "--summary-json",
      "out.json",
      "--instance-id",
      "p1",
    ]),
    {
      untilCaughtUp: true,
      drain: true,
      summaryJson: "out.json",
      instanceId: "p1",
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
        "Invalid flag --bogus: expected one of --summary-json, --instance-id, --until-caught-up, --drain, --help",
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

import assert from "node:assert/strict";
import { parseBrokerArgs } from "../../../services/broker/args.ts";
import { UsageError } from "../../../shared/flags.ts";

Deno.test("parseBrokerArgs() reads the command deno.json passes, and --quiet", () => {
  assert.deepEqual(parseBrokerArgs(["start", "--quiet"]), {
    command: "start",
    quiet: true,
    help: false,
  });
  assert.deepEqual(parseBrokerArgs(["stop"]), {
    command: "stop",
    quiet: false,
    help: false,
  });
});

Deno.test("parseBrokerArgs() sees --help after stop, so that kafka:stop --help stops nothing", () => {
  assert.equal(parseBrokerArgs(["stop", "--help"]).help, true);
  assert.equal(parseBrokerArgs(["stop", "-h"]).help, true);
});

Deno.test("parseBrokerArgs() rejects an unknown command or flag, naming it", () => {
  assert.throws(
    () => parseBrokerArgs(["restart"]),
    /Invalid command "restart"/,
  );
  assert.throws(() => parseBrokerArgs(["stop", "--now"]), UsageError);
  assert.throws(() => parseBrokerArgs(["stop", "--quiet"]), /--quiet/);
});

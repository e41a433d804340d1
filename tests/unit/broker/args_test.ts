import assert from "node:assert/strict";
import { parseBrokerArgs } from "../../../services/broker/args.ts";
import { UsageError } from "../../../shared/flags.ts";

Deno.test("parseBrokerArgs() reads the command deno.json passes, and --quiet", () => {
  assert.deepEqual(parseBrokerArgs(["start", "--quiet"]), {
    command: "start",
    quiet: true,
    help: false,
    brokers: undefined,
    secure: false,
    action: { kind: "ensure" },
  });
  assert.equal(parseBrokerArgs(["stop"]).command, "stop");
});

Deno.test("parseBrokerArgs() reads --brokers, --secure, --status, --kill and --restart", () => {
  const cluster = parseBrokerArgs(["start", "--brokers", "3", "--secure"]);
  assert.equal(cluster.brokers, 3);
  assert.equal(cluster.secure, true);
  assert.deepEqual(parseBrokerArgs(["start", "--status"]).action, {
    kind: "status",
  });
  assert.deepEqual(parseBrokerArgs(["start", "--kill", "2"]).action, {
    kind: "kill",
    node: 2,
  });
  assert.deepEqual(parseBrokerArgs(["start", "--restart=1"]).action, {
    kind: "restart",
    node: 1,
  });
});

Deno.test("parseBrokerArgs() rejects a bad broker count or node, and two actions at once", () => {
  assert.throws(
    () => parseBrokerArgs(["start", "--brokers", "9"]),
    /Invalid --brokers: expected a whole number from 1 to 5 \(got "9"\)/,
  );
  assert.throws(() => parseBrokerArgs(["start", "--kill", "x"]), /--kill/);
  assert.throws(
    () => parseBrokerArgs(["start", "--kill", "1", "--status"]),
    /expected one of them/,
  );
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

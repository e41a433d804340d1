import assert from "node:assert/strict";
import { devServices, parseDevArgs } from "../../../services/dev/args.ts";

Deno.test("parseDevArgs() defaults to 50 events/s and a 15 s stop deadline", () => {
  assert.deepEqual(parseDevArgs([]), {
    rate: 50,
    stopTimeoutMs: 15_000,
    help: false,
  });
});

Deno.test("parseDevArgs() reads flags with a space or an equals sign", () => {
  assert.deepEqual(parseDevArgs(["--rate", "200", "--stop-timeout=3000"]), {
    rate: 200,
    stopTimeoutMs: 3000,
    help: false,
  });
  assert.equal(parseDevArgs(["--rate=2.5"]).rate, 2.5);
  assert.equal(parseDevArgs(["-h"]).help, true);
});

Deno.test("parseDevArgs() rejects a rate that is not a positive number, naming the flag", () => {
  for (
    const args of [["--rate", "0"], ["--rate", "-5"], ["--rate", "fast"], [
      "--rate",
    ], ["--rate="]]
  ) {
    assert.throws(() => parseDevArgs(args), (error: Error) => {
      assert.ok(error instanceof TypeError);
      assert.match(
        error.message,
        /^Invalid flag --rate: expected a positive number/,
      );
      return true;
    }, args.join(" "));
  }
});

Deno.test("parseDevArgs() rejects an unknown flag", () => {
  assert.throws(() => parseDevArgs(["--rat", "5"]), /Invalid flag --rat/);
});

Deno.test("devServices() runs the three tasks and passes the rate to the producer", () => {
  assert.deepEqual(devServices(parseDevArgs(["--rate", "75"])), [
    { name: "produce", args: ["task", "produce", "--rate", "75"] },
    { name: "process", args: ["task", "process"] },
    { name: "dashboard", args: ["task", "dashboard", "--dev"] },
  ]);
});

/**
 * Every task answers --help and a bad flag before it acts. The tasks run
 * against an address where no broker can be started (TEST-NET-1, not local),
 * so one that ignored --help would fail instead of touching the shared broker.
 * `kafka:stop` is covered by tests/unit/broker/args_test.ts: run here, a
 * regression would stop the broker of a checkout that started one.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../services/broker/launcher.ts";

const TASKS: [string, string[]][] = [
  ["kafka", ["services/broker/main.ts", "start"]],
  ["topics", ["services/topics/main.ts"]],
  ["produce", ["services/producer/main.ts"]],
  ["process", ["services/processor/main.ts"]],
  ["verify", ["services/processor/verify.ts"]],
  ["dashboard", ["services/dashboard/main.ts"]],
  ["dev", ["services/dev/main.ts"]],
  ["bench", ["services/bench/main.ts"]],
  ["chaos", ["services/chaos/main.ts"]],
  ["offsets", ["services/offsets/main.ts"]],
  ["reset", ["services/reset/main.ts"]],
  ["dlq", ["services/dlq/main.ts", "replay"]],
  ["peek", ["services/peek/main.ts", "store.searches"]],
  ["lab", ["services/labs/main.ts", "crash"]],
];

async function run(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: PROJECT_ROOT,
    env: {
      KAFKA_BROKERS: "192.0.2.1:9092",
      DASHBOARD_PORT: "1",
      NO_COLOR: "1",
    },
    stdin: "null",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const text = new TextDecoder();
  return { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
}

for (const [task, args] of TASKS) {
  Deno.test(`deno task ${task} --help prints its usage and exits 0 without acting`, async () => {
    const out = await run([...args, "--help"]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^Usage: deno task /);
    assert.equal(out.stderr, "");
  });

  Deno.test(`deno task ${task} with a bad flag names it, prints the usage and exits 2`, async () => {
    const out = await run([...args, "--no-such-flag"]);
    assert.equal(out.code, 2, out.stdout);
    assert.match(out.stderr, /--no-such-flag/);
    assert.match(out.stderr, /Usage: deno task /);
  });
}

Deno.test("deno task lab with an unknown lab names the labs it knows and exits 2", async () => {
  const out = await run(["services/labs/main.ts", "no-such-lab"]);
  assert.equal(out.code, 2, out.stdout);
  assert.match(
    out.stderr,
    /Unknown lab "no-such-lab": expected one of .*crash.*semantics/,
  );
});

Deno.test("deno task lab --list lists every lab without a broker", async () => {
  const out = await run(["services/labs/main.ts", "--list"]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, / 3 {2}crash +Crash and recovery/);
  assert.match(out.stdout, / 5 {2}semantics +Delivery semantics/);
});

/** The `dev` supervisor with stand-in services: output relay, clean stop, forced stop. */
import assert from "node:assert/strict";
import { descendants } from "../../shared/process_tree.ts";
import {
  spawnService,
  stopServices,
  waitForExit,
} from "../../shared/supervisor.ts";
import { processAlive } from "../../services/broker/process.ts";
import { deadline } from "../../shared/deadline.ts";
import { pollUntil } from "../../shared/poll.ts";

/** Long enough for a cold `deno eval` on a busy machine; a hang fails instead of stalling the suite. */
const LINE_TIMEOUT_MS = 30_000;

/** A service running `code` with `deno eval`, its lines collected, and a wait for a given line. */
function standIn(name: string, code: string, isolate = false) {
  const lines: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const service = spawnService({ name, args: ["eval", code] }, {
    cwd: Deno.cwd(),
    isolate,
    onLine: (line) => {
      lines.push(line);
      for (const w of waiters.filter((w) => line.includes(w.text))) w.resolve();
    },
  });
  const seen = (text: string) =>
    lines.some((l) => l.includes(text)) ? Promise.resolve() : deadline(
      new Promise<void>((resolve) => waiters.push({ text, resolve })),
      LINE_TIMEOUT_MS,
      { message: () => `${name} never printed "${text}": ${lines.join("|")}` },
    );
  return { service, lines, seen };
}

const COOPERATIVE = `
Deno.addSignalListener("SIGTERM", () => { console.log("bye"); Deno.exit(0); });
console.error("to stderr");
Deno.stdout.writeSync(new TextEncoder().encode("partial "));
console.log("ready");
setInterval(() => {}, 1000);
`;

const STUBBORN = `
const sleeper = new Deno.Command("sleep", { args: ["60"] }).spawn();
Deno.addSignalListener("SIGTERM", () => console.log("ignoring SIGTERM"));
console.log("ready " + sleeper.pid);
setInterval(() => {}, 1000);
`;

Deno.test({
  name:
    "stopServices() stops a service that honours SIGTERM, relaying all its output",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = standIn("good", COOPERATIVE);
    await s.seen("ready");
    assert.deepEqual(
      await stopServices([s.service], { timeoutMs: 10_000 }),
      [],
    );
    const status = await s.service.done;
    assert.equal(status.code, 0);
    assert.ok(s.lines.includes("to stderr"), s.lines.join("|"));
    assert.ok(s.lines.includes("partial ready"), s.lines.join("|"));
    assert.equal(s.lines.at(-1), "bye");
  },
});

Deno.test({
  name:
    "stopServices() kills a service that ignores SIGTERM after the deadline, with its children",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = standIn("stuck", STUBBORN);
    await s.seen("ready");
    const sleeper = Number(
      s.lines.find((l) => l.startsWith("ready"))!.split(" ")[1],
    );
    assert.ok(descendants(s.service.child.pid).includes(sleeper));
    const started = performance.now();
    assert.deepEqual(await stopServices([s.service], { timeoutMs: 1_500 }), [
      "stuck",
    ]);
    assert.ok(performance.now() - started >= 1_400);
    assert.ok(s.lines.includes("ignoring SIGTERM"));
    assert.equal((await s.service.done).signal, "SIGKILL");
    // Killed, then reaped by whoever adopted it: poll briefly for it to vanish.
    await pollUntil(() => !processAlive(sleeper), {
      timeoutMs: 5_000,
      what: `the killed child ${sleeper} to vanish`,
    }).catch(() => {});
    assert.equal(processAlive(sleeper), false);
  },
});

Deno.test({
  name: "spawnService() reports an exit the supervisor did not ask for",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = standIn("crash", `console.log("oops"); Deno.exit(3);`);
    const status = await s.service.done;
    assert.deepEqual(status, { code: 3, signal: null });
    assert.equal(s.service.exited, true);
    assert.deepEqual(s.lines, ["oops"]);
    // Nothing is left to stop.
    assert.deepEqual(await stopServices([s.service], { timeoutMs: 1_000 }), []);
  },
});

/** The process group of `pid`, from /proc. */
function processGroup(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

Deno.test({
  name:
    "spawnService() with isolate runs the service in its own process group, away from the terminal's Ctrl-C",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = standIn("alone", COOPERATIVE, true);
    await s.seen("ready");
    const pid = s.service.child.pid;
    assert.equal(processGroup(pid), pid);
    assert.notEqual(processGroup(pid), processGroup(Deno.pid));
    assert.deepEqual(
      await stopServices([s.service], { timeoutMs: 10_000 }),
      [],
    );
    assert.equal(s.lines.at(-1), "bye");
  },
});

Deno.test({
  name:
    "stopServices() with a grace period lets services that already got a signal stop without a second one",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    // Counts the signals it gets and stops after the first, slowly.
    const s = standIn(
      "graceful",
      `let n = 0;
Deno.addSignalListener("SIGTERM", () => {
  console.log("signal " + ++n);
  setTimeout(() => Deno.exit(0), 300);
});
console.log("ready");
setInterval(() => {}, 1000);`,
    );
    await s.seen("ready");
    // Stands in for the terminal's Ctrl-C reaching the service directly.
    Deno.kill(s.service.child.pid, "SIGTERM");
    await s.seen("signal 1");
    assert.deepEqual(
      await stopServices([s.service], { timeoutMs: 10_000, graceMs: 5_000 }),
      [],
    );
    assert.deepEqual(s.lines.filter((l) => l.startsWith("signal")), [
      "signal 1",
    ]);
  },
});

Deno.test({
  name:
    "waitForExit() stops a service that does not finish in time and shows its last output",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = standIn("slow", STUBBORN);
    await s.seen("ready");
    await assert.rejects(
      waitForExit(s.service, 200),
      /slow did not finish within 200 ms; last output:\nready \d+/,
    );
    assert.equal(s.service.exited, true);
    assert.equal(s.service.killed, true);
  },
});

Deno.test({
  name: "waitForExit() fails with the exit code and the last output",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = standIn("crash", `console.log("oops"); Deno.exit(3);`);
    await assert.rejects(
      waitForExit(s.service, 30_000),
      /crash exited with 3; last output:\noops/,
    );
  },
});

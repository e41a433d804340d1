/** The `dev` supervisor with stand-in services: output relay, clean stop, forced stop. */
import assert from "node:assert/strict";
import {
  descendants,
  spawnService,
  stopServices,
} from "../../services/dev/supervisor.ts";
import { processAlive } from "../../services/broker/process.ts";

/** A service running `code` with `deno eval`, its lines collected, and a wait for a given line. */
function standIn(name: string, code: string) {
  const lines: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const service = spawnService({ name, args: ["eval", code] }, {
    executable: Deno.execPath(),
    cwd: Deno.cwd(),
    onLine: (line) => {
      lines.push(line);
      for (const w of waiters.filter((w) => line.includes(w.text))) w.resolve();
    },
  });
  const seen = (text: string) =>
    lines.some((l) => l.includes(text)) ? Promise.resolve() : new Promise<void>(
      (resolve) => waiters.push({ text, resolve }),
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
    assert.deepEqual(await stopServices([s.service], 10_000), []);
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
    assert.deepEqual(await stopServices([s.service], 1_500), ["stuck"]);
    assert.ok(performance.now() - started >= 1_400);
    assert.ok(s.lines.includes("ignoring SIGTERM"));
    assert.equal((await s.service.done).signal, "SIGKILL");
    // Killed, then reaped by whoever adopted it: poll briefly for it to vanish.
    for (let i = 0; i < 50 && processAlive(sleeper); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
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
    assert.deepEqual(await stopServices([s.service], 1_000), []);
  },
});

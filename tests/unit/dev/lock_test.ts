import assert from "node:assert/strict";
import { acquireDevLock, startTicks } from "../../../services/dev/lock.ts";

const URL = "http://127.0.0.1:8000";

/** Runs `fn` with a lock path in a temporary folder, removed afterwards. */
function inTempDir(fn: (path: string) => Promise<void> | void) {
  return async () => {
    const dir = await Deno.makeTempDir({ prefix: "dev-lock-test-" });
    try {
      await fn(`${dir}/dev.lock`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  };
}

Deno.test(
  "acquireDevLock() takes a free lock and release() removes it",
  inTempDir((path) => {
    const lock = acquireDevLock({ path, url: URL });
    assert.equal(lock.acquired, true);
    assert.equal(JSON.parse(Deno.readTextFileSync(path)).pid, Deno.pid);
    if (lock.acquired) lock.release();
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
  }),
);

Deno.test(
  "acquireDevLock() names the pid and dashboard of a running dev and takes nothing",
  inTempDir((path) => {
    const first = acquireDevLock({ path, url: URL });
    const second = acquireDevLock({ path, url: "http://127.0.0.1:9999" });
    assert.equal(first.acquired, true);
    assert.deepEqual(second, {
      acquired: false,
      holder: { pid: Deno.pid, url: URL, startTicks: startTicks(Deno.pid) },
    });
    // The first dev still holds it.
    assert.equal(JSON.parse(Deno.readTextFileSync(path)).url, URL);
  }),
);

Deno.test(
  "acquireDevLock() takes over the lock of a dev that has exited",
  inTempDir(async (path) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", ""],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await child.status;
    Deno.writeTextFileSync(
      path,
      JSON.stringify({ pid: child.pid, url: URL, startTicks: 1 }),
    );
    const lock = acquireDevLock({ path, url: "http://127.0.0.1:8001" });
    assert.equal(lock.acquired, true);
    assert.equal(
      JSON.parse(Deno.readTextFileSync(path)).url,
      "http://127.0.0.1:8001",
    );
  }),
);

Deno.test(
  "acquireDevLock() takes over a lock whose pid now belongs to another program",
  inTempDir((path) => {
    const ticks = startTicks(Deno.pid);
    if (ticks === null) return; // No /proc: a live pid is all it can check.
    Deno.writeTextFileSync(
      path,
      JSON.stringify({ pid: Deno.pid, url: URL, startTicks: ticks - 1 }),
    );
    assert.equal(acquireDevLock({ path, url: URL }).acquired, true);
  }),
);

/**
 * The launcher against a broker of its own: a temporary project root on a
 * spare port, so the shared broker at KAFKA_BROKERS is never touched.
 */
import assert from "node:assert/strict";
import {
  ensureBroker,
  PROJECT_ROOT,
  resolveJars,
  stopBroker,
} from "../../services/broker/launcher.ts";
import { brokerPaths, KAFKA_VERSION } from "../../services/broker/files.ts";
import {
  commandExists,
  isKafkaProcess,
  portFree,
  processAlive,
} from "../../services/broker/process.ts";

const HOST = "127.0.0.1";
const HEAP = "256m";
const jarsCached = await Deno.stat(
  `${brokerPaths(PROJECT_ROOT).lib}/.resolved-${KAFKA_VERSION}`,
).then(() => true, () => false);
// Skipped where the broker runs in Docker and neither Java nor Maven is installed.
const hasJava = await commandExists("java", "-version") &&
  (jarsCached || await commandExists("mvn"));

/** A port p with p + 1 (the controller) free too, away from the shared broker's. */
function sparePort(): number {
  for (let port = 19092; port < 19400; port += 2) {
    if (portFree(HOST, port) && portFree(HOST, port + 1)) return port;
  }
  throw new Error("Cannot find a free port pair between 19092 and 19400");
}

/** A project root whose jar cache is the real one's, so no test downloads anything. */
async function tempProject(): Promise<string> {
  await resolveJars(brokerPaths(PROJECT_ROOT), () => {});
  const root = await Deno.makeTempDir({ prefix: "broker-launcher-test-" });
  await Deno.mkdir(`${root}/.kafka`);
  await Deno.symlink(brokerPaths(PROJECT_ROOT).lib, brokerPaths(root).lib);
  return root;
}

/** Pids of the Kafka brokers running from this project root. */
function brokersOf(root: string): number[] {
  const config = brokerPaths(root).serverProperties;
  const pids: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (cmdline.includes("kafka.Kafka") && cmdline.includes(config)) {
        pids.push(Number(entry.name));
      }
    } catch { /* exited while we looked */ }
  }
  return pids;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true", { stdout: "null" }).spawn();
  await child.status;
  return child.pid;
}

async function cleanUp(root: string) {
  await stopBroker({ projectRoot: root, timeoutMs: 20_000 }).catch(() => {});
  for (const pid of brokersOf(root)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
  await Deno.remove(root, { recursive: true }).catch(() => {});
}

Deno.test({
  name:
    "ensureBroker() starts a local broker past a stale pid file, reuses it on a second call, and stopBroker() stops it",
  ignore: !hasJava,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const root = await tempProject();
    const port = sparePort();
    const address = `${HOST}:${port}`;
    const paths = brokerPaths(root);
    const lines: string[] = [];
    const options = {
      brokers: [address],
      projectRoot: root,
      useDocker: false,
      heap: HEAP,
      startTimeoutMs: 120_000,
      say: (line: string) => lines.push(line),
    };
    try {
      let pid = 0;
      await t.step(
        "a stale pid file is removed and the broker starts",
        async () => {
          const stale = await deadPid();
          await Deno.writeTextFile(paths.pidFile, `${stale}\n`);
          const result = await ensureBroker(options);
          assert.equal(result.action, "started");
          assert.ok(result.pid && result.pid !== stale);
          pid = result.pid;
          assert.ok(
            lines.some((l) =>
              l.includes(`Removing stale pid file`) && l.includes(String(stale))
            ),
            lines.join("\n"),
          );
          assert.equal(
            (await Deno.readTextFile(paths.pidFile)).trim(),
            String(pid),
          );
          assert.ok(isKafkaProcess(pid));
          assert.deepEqual(brokersOf(root), [pid]);
          assert.equal(result.logFile, paths.serverLog);
        },
      );

      await t.step("the cached jars are used: nothing is resolved", () => {
        // The temporary root has no pom.xml, so a Maven run would have failed too.
        assert.equal(lines.some((l) => l.startsWith("Resolving")), false);
        assert.ok(lines.some((l) => l.startsWith("Formatting KRaft storage")));
      });

      await t.step("the heap option reaches the JVM", () => {
        const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`).split(
          "\0",
        );
        assert.ok(cmdline.includes(`-Xmx${HEAP}`), cmdline.join(" "));
      });

      await t.step(
        "a second call finds it running and starts no second broker",
        async () => {
          lines.length = 0;
          const again = await ensureBroker(options);
          assert.equal(again.action, "already-running");
          assert.equal(again.pid, pid);
          assert.deepEqual(brokersOf(root), [pid]);
          assert.deepEqual(lines, []);
        },
      );

      await t.step(
        "stopBroker() stops it cleanly and frees the port",
        async () => {
          assert.equal(await stopBroker({ projectRoot: root }), "stopped");
          assert.equal(processAlive(pid), false);
          assert.deepEqual(brokersOf(root), []);
          await assert.rejects(Deno.stat(paths.pidFile), Deno.errors.NotFound);
          assert.ok(portFree(HOST, port));
          assert.equal(await stopBroker({ projectRoot: root }), "not-running");
        },
      );

      await t.step("a restart reuses the formatted storage", async () => {
        lines.length = 0;
        const result = await ensureBroker(options);
        assert.equal(result.action, "started");
        assert.equal(lines.some((l) => l.startsWith("Formatting")), false);
        assert.deepEqual(brokersOf(root), [result.pid]);
        assert.equal(await stopBroker({ projectRoot: root }), "stopped");
      });
    } finally {
      await cleanUp(root);
    }
  },
});

Deno.test({
  name:
    "ensureBroker() refuses a port held by something that is not Kafka, naming the port",
  ignore: !hasJava,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const root = await tempProject();
    const port = sparePort();
    const listener = Deno.listen({ hostname: HOST, port });
    try {
      await assert.rejects(
        ensureBroker({
          brokers: [`${HOST}:${port}`],
          projectRoot: root,
          useDocker: false,
          heap: HEAP,
          say: () => {},
        }),
        (error: Error) => {
          assert.match(
            error.message,
            new RegExp(`^Cannot start broker: port ${port} is taken`),
          );
          return true;
        },
      );
      assert.deepEqual(brokersOf(root), []);
    } finally {
      listener.close();
      await cleanUp(root);
    }
  },
});

Deno.test({
  name: "ensureBroker() refuses a taken controller port, naming that port",
  ignore: !hasJava,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const root = await tempProject();
    const port = sparePort();
    const listener = Deno.listen({ hostname: HOST, port: port + 1 });
    try {
      await assert.rejects(
        ensureBroker({
          brokers: [`${HOST}:${port}`],
          projectRoot: root,
          useDocker: false,
          heap: HEAP,
          say: () => {},
        }),
        new RegExp(`port ${port + 1} is taken`),
      );
      assert.deepEqual(brokersOf(root), []);
    } finally {
      listener.close();
      await cleanUp(root);
    }
  },
});

Deno.test({
  name:
    "stopBroker() leaves alone a live process that is not Kafka behind a reused pid",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "broker-launcher-test-" });
    const sleeper = new Deno.Command("sleep", { args: ["60"] }).spawn();
    try {
      await Deno.mkdir(`${root}/.kafka`);
      await Deno.writeTextFile(brokerPaths(root).pidFile, `${sleeper.pid}\n`);
      assert.equal(await stopBroker({ projectRoot: root }), "not-running");
      assert.ok(processAlive(sleeper.pid));
      await assert.rejects(
        Deno.stat(brokerPaths(root).pidFile),
        Deno.errors.NotFound,
      );
    } finally {
      sleeper.kill("SIGKILL");
      await sleeper.status;
      await Deno.remove(root, { recursive: true });
    }
  },
});

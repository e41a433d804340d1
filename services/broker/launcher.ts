/**
 * Makes sure a Kafka broker answers at the configured address: reuse a running
 * one, else `docker compose`, else a local KRaft broker from Maven Central jars.
 */
import { brokerAnswers } from "../../shared/kafka.ts";
import { dockerEngineAnswers, startWithDocker, stopDocker } from "./docker.ts";
import {
  type BrokerPaths,
  brokerPaths,
  KAFKA_VERSION,
  log4jConfig,
  serverProperties,
} from "./files.ts";
import { formatStorage, jarsCached, javaArgs, resolveJars } from "./jars.ts";
import {
  commandExists,
  isKafkaProcess,
  portFree,
  processAlive,
  run,
  waitFor,
} from "./process.ts";

export { resolveJars };

export const PROJECT_ROOT = new URL("../../", import.meta.url).pathname.replace(
  /\/$/,
  "",
);

export type BrokerAction = "already-running" | "docker" | "started";

export interface EnsureBrokerOptions {
  /** `host:port` list from config; only the first is started locally. */
  brokers: string[];
  /** Progress lines go here. @default console.log */
  say?: (line: string) => void;
  /** How long a cold broker may take to answer. @default 90000 */
  startTimeoutMs?: number;
  /** Try Docker before the local jars. @default true */
  useDocker?: boolean;
  /** Where `.kafka/` lives. @default the repository root */
  projectRoot?: string;
  /** Maximum JVM heap of a locally started broker, as for `-Xmx`. @default "1g" */
  heap?: string;
}

export interface EnsureBrokerResult {
  action: BrokerAction;
  brokers: string[];
  logFile?: string;
  pid?: number;
  elapsedMs: number;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function splitHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

async function withLock<T>(
  paths: BrokerPaths,
  work: () => Promise<T>,
): Promise<T> {
  await Deno.mkdir(paths.root, { recursive: true });
  // Several test processes may start at once; only one may launch the broker.
  const acquired = await waitFor(
    () => {
      try {
        Deno.openSync(paths.lockFile, { createNew: true, write: true }).close();
        return true;
      } catch {
        try {
          const age = Date.now() -
            (Deno.statSync(paths.lockFile).mtime?.getTime() ?? 0);
          if (age > 180_000) Deno.removeSync(paths.lockFile);
        } catch { /* removed by its owner meanwhile */ }
        return false;
      }
    },
    200_000,
    200,
  );
  if (!acquired) {
    throw new Error(`Cannot start broker: lock ${paths.lockFile} is held`);
  }
  try {
    return await work();
  } finally {
    await Deno.remove(paths.lockFile).catch(() => {});
  }
}

function readPid(paths: BrokerPaths): number | undefined {
  try {
    const pid = Number(Deno.readTextFileSync(paths.pidFile).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function tail(file: string, lines = 15): Promise<string> {
  try {
    return (await Deno.readTextFile(file)).trimEnd().split("\n").slice(-lines)
      .join("\n");
  } catch {
    return "(no log)";
  }
}

async function startLocal(
  address: string,
  paths: BrokerPaths,
  say: (line: string) => void,
  timeoutMs: number,
  heap: string,
): Promise<number> {
  const { host, port } = splitHostPort(address);
  const bindHost = host === "localhost"
    ? "127.0.0.1"
    : host.replace(/^\[|\]$/g, "");
  const controllerPort = port + 1;

  const existing = readPid(paths);
  if (existing && processAlive(existing) && isKafkaProcess(existing)) {
    say(
      `A broker we started (pid ${existing}) is still starting; waiting for it`,
    );
    if (await waitFor(() => brokerAnswers([address], 1_000), timeoutMs, 500)) {
      return existing;
    }
    throw new Error(
      `Cannot start broker: pid ${existing} runs but never answered at ${address} (it may listen on another port, see ${paths.serverProperties}); stop it with deno task kafka:stop, or see ${paths.serverLog}`,
    );
  }
  if (existing) {
    say(`Removing stale pid file ${paths.pidFile} (pid ${existing} is gone)`);
    await Deno.remove(paths.pidFile).catch(() => {});
  }
  for (const p of [port, controllerPort]) {
    if (!portFree(bindHost, p)) {
      throw new Error(
        `Cannot start broker: port ${p} is taken by another process that is not a Kafka broker answering at ${address}`,
      );
    }
  }
  // Maven is only needed to fill the jar cache; a cached start needs Java alone.
  const cached = await jarsCached(paths);
  if (
    !(await commandExists("java", "-version")) ||
    (!cached && !(await commandExists("mvn")))
  ) {
    throw new Error(
      "Cannot start broker: no Kafka answers, no Docker engine runs, and Java 17+ with Maven is missing. Install Docker, or Java and Maven (Debian: apt-get install openjdk-17-jre-headless maven)",
    );
  }
  await resolveJars(paths, say);
  await Deno.mkdir(paths.logs, { recursive: true });
  await Deno.mkdir(paths.data, { recursive: true });
  await Deno.writeTextFile(
    paths.serverProperties,
    serverProperties(bindHost, port, controllerPort, paths.data),
  );
  await Deno.writeTextFile(paths.log4jConfig, log4jConfig(paths.serverLog));
  await formatStorage(paths, say);

  const quoted = [
    "java",
    ...javaArgs(paths, "kafka.Kafka", [paths.serverProperties], heap),
  ]
    .map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(" ");
  // setsid: the broker outlives this process and ignores the terminal's Ctrl-C.
  const launched = await run("sh", [
    "-c",
    `setsid ${quoted} >>'${paths.stdoutLog}' 2>&1 </dev/null & echo $!`,
  ]);
  const pid = Number(launched.output.trim());
  if (!launched.ok || !pid) {
    throw new Error(`Cannot start broker: ${launched.output}`);
  }
  await Deno.writeTextFile(paths.pidFile, `${pid}\n`);
  say(`Started Kafka ${KAFKA_VERSION} (pid ${pid}); log: ${paths.serverLog}`);

  const ready = await waitFor(
    async () => {
      if (!processAlive(pid)) throw new Error("exited");
      return await brokerAnswers([address], 1_000);
    },
    timeoutMs,
    300,
  ).catch(() => false);
  if (!ready) {
    const alive = processAlive(pid);
    if (!alive) await Deno.remove(paths.pidFile).catch(() => {});
    throw new Error(
      `Cannot start broker: ${
        alive ? "it did not answer in time" : "it exited"
      }; last log lines:\n${await tail(
        paths.stdoutLog,
      )}\n${await tail(paths.serverLog)}`,
    );
  }
  return pid;
}

/** Starts a broker if none answers; idempotent and safe to call from several processes at once. */
export async function ensureBroker(
  options: EnsureBrokerOptions,
): Promise<EnsureBrokerResult> {
  const started = performance.now();
  const say = options.say ?? console.log;
  const root = options.projectRoot ?? PROJECT_ROOT;
  const paths = brokerPaths(root);
  const brokers = options.brokers;
  const elapsed = () => Math.round(performance.now() - started);
  if (await brokerAnswers(brokers)) {
    return {
      action: "already-running",
      brokers,
      pid: readPid(paths),
      elapsedMs: elapsed(),
    };
  }
  return await withLock(paths, async () => {
    if (await brokerAnswers(brokers)) {
      return {
        action: "already-running",
        brokers,
        pid: readPid(paths),
        elapsedMs: elapsed(),
      };
    }
    const { host } = splitHostPort(brokers[0]);
    if (!LOCAL_HOSTS.has(host)) {
      throw new Error(
        `Cannot start broker: no broker answers at ${
          brokers.join(",")
        } and it is not a local address`,
      );
    }
    if (options.useDocker !== false && await dockerEngineAnswers()) {
      await startWithDocker(root, say);
      if (
        !(await waitFor(
          () => brokerAnswers(brokers),
          options.startTimeoutMs ?? 90_000,
        ))
      ) {
        throw new Error(
          "Cannot start broker: docker compose is up but Kafka does not answer",
        );
      }
      await Deno.writeTextFile(paths.dockerMarker, new Date().toISOString());
      return { action: "docker", brokers, elapsedMs: elapsed() };
    }
    const pid = await startLocal(
      brokers[0],
      paths,
      say,
      options.startTimeoutMs ?? 90_000,
      options.heap ?? "1g",
    );
    return {
      action: "started",
      brokers,
      pid,
      logFile: paths.serverLog,
      elapsedMs: elapsed(),
    };
  });
}

/**
 * Stops the broker that {@linkcode ensureBroker} started: the local one by its
 * pid file (waiting for a clean exit), or the docker compose services.
 */
export async function stopBroker(
  options: { projectRoot?: string; timeoutMs?: number } = {},
): Promise<"stopped" | "not-running" | "killed"> {
  const root = options.projectRoot ?? PROJECT_ROOT;
  const paths = brokerPaths(root);
  const pid = readPid(paths);
  if (!pid || !processAlive(pid) || !isKafkaProcess(pid)) {
    await Deno.remove(paths.pidFile).catch(() => {});
    return await stopDocker(root, paths);
  }
  Deno.kill(pid, "SIGTERM");
  const exited = await waitFor(
    () => !processAlive(pid),
    options.timeoutMs ?? 30_000,
    200,
  );
  if (!exited) Deno.kill(pid, "SIGKILL");
  await Deno.remove(paths.pidFile).catch(() => {});
  return exited ? "stopped" : "killed";
}

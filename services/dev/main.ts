/** `deno task dev`: broker, topics, then producer, processor and dashboard in one terminal. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { createKafka, kafkaProblem } from "../../shared/kafka.ts";
import {
  type RunningService,
  spawnService,
  stopServices,
} from "../../shared/supervisor.ts";
import { topicSpecs } from "../../shared/topics.ts";
import { brokerPaths } from "../broker/files.ts";
import { ensureBroker, PROJECT_ROOT } from "../broker/launcher.ts";
import { commandExists, portFree } from "../broker/process.ts";
import { ensureTopics, formatTopicTable } from "../topics/ensure_topics.ts";
import { DEV_USAGE, devServices, parseDevArgs } from "./args.ts";
import { dashboardUrl, describeExit, prefixLine } from "./format.ts";
import { acquireDevLock } from "./lock.ts";
import { clusterReplicationFactor } from "../../shared/replication.ts";

const options = parseOrExit(parseDevArgs, DEV_USAGE);
const config = loadConfigOrExit();
const url = dashboardUrl(config.DASHBOARD_HOST, config.DASHBOARD_PORT);

const services = devServices(options);
const width = Math.max(3, ...services.map((s) => s.name.length));
const color = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
const print = (label: string, index: number) => (line: string) =>
  console.log(prefixLine(label, line, { width, index, color }));
const say = print("dev", services.length);

// A second dev would double the traffic and lose its dashboard to the port.
const lockPath = `${brokerPaths(PROJECT_ROOT).root}/dev.lock`;
await Deno.mkdir(brokerPaths(PROJECT_ROOT).root, { recursive: true });
const lock = acquireDevLock({ path: lockPath, url });
if (!lock.acquired) {
  say(
    `deno task dev is already running (pid ${lock.holder.pid}, dashboard ${lock.holder.url}); this one starts nothing`,
  );
  Deno.exit(1);
}
const release = lock.release;
if (!portFree(config.DASHBOARD_HOST, config.DASHBOARD_PORT)) {
  say(
    `Cannot start dev: port ${config.DASHBOARD_PORT} on ${config.DASHBOARD_HOST} (DASHBOARD_PORT) is taken by another process, perhaps a dashboard or dev started from another folder; stop it or set DASHBOARD_PORT`,
  );
  release();
  Deno.exit(1);
}

async function prepare() {
  const broker = await ensureBroker({ brokers: config.KAFKA_BROKERS, say });
  if (broker.action === "already-running") {
    say(`Kafka answers at ${config.KAFKA_BROKERS.join(",")}`);
  }
  const admin = createKafka(config, { clientSuffix: "dev" }).admin();
  await admin.connect();
  try {
    const reports = await ensureTopics(
      admin,
      topicSpecs(
        config.KAFKA_TOPIC_PREFIX,
        await clusterReplicationFactor(admin, config.KAFKA_REPLICATION_FACTOR),
        { storePartitions: config.STORE_PARTITIONS },
      ),
    );
    formatTopicTable(reports).split("\n").forEach(say);
    const wrong = reports.filter((r) => r.status === "error");
    if (wrong.length > 0) {
      throw new Error(
        `${wrong.length} topic(s) do not match their spec; fix or delete them`,
      );
    }
  } finally {
    await admin.disconnect();
  }
}

try {
  await prepare();
} catch (error) {
  say(`Cannot start dev: ${kafkaProblem(error, config.KAFKA_BROKERS)}`);
  release();
  Deno.exit(1);
}

let stopping = false;
let exitCode = 0;
const isolate = await commandExists("setsid");
const running: RunningService[] = services.map((service, index) =>
  spawnService(service, {
    cwd: PROJECT_ROOT,
    // Piped children cannot tell whether we colour; keep escapes out of logs.
    env: color ? {} : { NO_COLOR: "1" },
    isolate,
    onLine: print(service.name, index),
  })
);
say(`Started ${services.map((s) => s.name).join(", ")}`);
say(`Dashboard: ${url}  (Ctrl-C stops the services; the broker keeps running)`);

for (const service of running) {
  service.done.then((status) => {
    if (!stopping) {
      say(describeExit(service.name, status, false));
      exitCode = 1;
      if (running.every((s) => s.exited)) {
        say("All services have exited");
        release();
        Deno.exit(exitCode);
      }
    } else say(describeExit(service.name, status, true));
  });
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping the services; the broker keeps running`);
  const killed = await stopServices(running, {
    timeoutMs: options.stopTimeoutMs,
    // Without setsid the services share our process group, so a terminal's
    // Ctrl-C has reached them already.
    graceMs: !isolate && signal === "SIGINT" ? 5_000 : 0,
  });
  if (killed.length > 0) {
    say(
      `Killed ${
        killed.join(", ")
      }: not stopped after ${options.stopTimeoutMs} ms`,
    );
    exitCode = 1;
  }
  say("Stopped");
  release();
  Deno.exit(exitCode);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => void shutdown(signal));
}

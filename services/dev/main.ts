/** `deno task dev`: broker, topics, then producer, processor and dashboard in one terminal. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { createKafka } from "../../shared/kafka.ts";
import { topicSpecs } from "../../shared/topics.ts";
import { ensureBroker, PROJECT_ROOT } from "../broker/launcher.ts";
import { commandExists } from "../broker/process.ts";
import { ensureTopics, formatTopicTable } from "../topics/ensure_topics.ts";
import {
  DEV_USAGE,
  type DevOptions,
  devServices,
  parseDevArgs,
} from "./args.ts";
import { dashboardUrl, describeExit, prefixLine } from "./format.ts";
import {
  type RunningService,
  spawnService,
  stopServices,
} from "./supervisor.ts";

let options: DevOptions;
try {
  options = parseDevArgs(Deno.args);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${DEV_USAGE}`);
  Deno.exit(2);
}
if (options.help) {
  console.log(DEV_USAGE);
  Deno.exit(0);
}
const config = loadConfigOrExit();

const services = devServices(options);
const width = Math.max(3, ...services.map((s) => s.name.length));
const color = Deno.stdout.isTerminal() && !Deno.env.get("NO_COLOR");
const print = (label: string, index: number) => (line: string) =>
  console.log(prefixLine(label, line, { width, index, color }));
const say = print("dev", services.length);

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
      topicSpecs(config.KAFKA_TOPIC_PREFIX, config.KAFKA_REPLICATION_FACTOR),
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
  say(`Cannot start: ${error instanceof Error ? error.message : error}`);
  Deno.exit(1);
}

let stopping = false;
let exitCode = 0;
const isolate = await commandExists("setsid");
const running: RunningService[] = services.map((service, index) =>
  spawnService(service, {
    executable: Deno.execPath(),
    cwd: PROJECT_ROOT,
    // Piped children cannot tell whether we colour; keep escapes out of logs.
    env: color ? {} : { NO_COLOR: "1" },
    isolate,
    onLine: print(service.name, index),
  })
);
const url = dashboardUrl(config.DASHBOARD_HOST, config.DASHBOARD_PORT);
say(`Started ${services.map((s) => s.name).join(", ")}`);
say(`Dashboard: ${url}  (Ctrl-C stops the services; the broker keeps running)`);

for (const service of running) {
  service.done.then((status) => {
    if (!stopping) {
      say(describeExit(service.name, status, false));
      exitCode = 1;
      if (running.every((s) => s.exited)) {
        say("All services have exited");
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
  Deno.exit(exitCode);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => void shutdown(signal));
}

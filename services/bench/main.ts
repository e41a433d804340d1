/** `deno task bench`: runs the stages, prints the table as it goes, writes bench-results.json. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { createKafka, kafkaProblem } from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import { brokerPaths } from "../broker/files.ts";
import { PROJECT_ROOT, resolveJars } from "../broker/launcher.ts";
import { parseBenchArgs, type Stage, USAGE } from "./cli.ts";
import { type ServiceProcess, startService } from "./children.ts";
import type { BenchContext } from "./context.ts";
import { machineInfo } from "./machine.ts";
import { planFor } from "./plan.ts";
import type { BenchDocument, BenchResult } from "./results.ts";
import { formatMarkdown, formatTable } from "./table.ts";
import { runProduceStage } from "./stages/produce.ts";
import { runProcessStage } from "./stages/process.ts";
import { runE2eStage } from "./stages/e2e.ts";
import { runFanoutStage } from "./stages/fanout.ts";
import { runSoakStage } from "./stages/soak.ts";
import { runScaleStage } from "./stages/scale.ts";

const RUNNERS: Record<Stage, (ctx: BenchContext) => Promise<BenchResult[]>> = {
  produce: runProduceStage,
  process: runProcessStage,
  e2e: runE2eStage,
  fanout: runFanoutStage,
  soak: runSoakStage,
  scale: runScaleStage,
};

const options = parseOrExit(parseBenchArgs, USAGE);

const config = { ...loadConfigOrExit(), LOG_LEVEL: "warn" as const };
const started = performance.now();
const progress = (line: string) =>
  console.log(
    `[${
      ((performance.now() - started) / 1000).toFixed(1).padStart(6)
    } s] ${line}`,
  );
const kafka = createKafka(config, {
  clientSuffix: "bench",
  logger: createLogger("bench.kafkajs", "error"),
});
const admin = kafka.admin();
try {
  await admin.connect();
} catch (error) {
  console.error(`Cannot bench: ${kafkaProblem(error, config.KAFKA_BROKERS)}`);
  Deno.exit(1);
}
// Kafka's perf tools run from the broker's jar cache; fill it when the broker runs in Docker.
await resolveJars(brokerPaths(PROJECT_ROOT), progress);

const abort = new AbortController();
const children = new Set<ServiceProcess>();
const shutdown = () => {
  if (abort.signal.aborted) return;
  progress("interrupted: stopping services and deleting bench topics");
  abort.abort(new Error("Interrupted"));
  for (const child of children) child.stop(5_000);
};
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);

const ctx: BenchContext = {
  root: PROJECT_ROOT,
  config,
  kafka,
  admin,
  plan: planFor(options.quick),
  runs: options.runs,
  soakMs: options.soakMs,
  signal: abort.signal,
  progress,
  start(name, args, env) {
    const child = startService(PROJECT_ROOT, name, args, env);
    children.add(child);
    child.done.then(() => children.delete(child));
    return child;
  },
};

const document: BenchDocument = {
  machine: await machineInfo(options.quick ? "quick" : "full", new Date()),
  results: [],
};
const failed: string[] = [];
progress(
  `bench ${options.quick ? "--quick " : ""}stages: ${
    options.stages.join(", ")
  }; ${options.runs} runs each; ${config.STORE_PARTITIONS} partitions per store topic; ${document.machine.cores} cores, Kafka ${document.machine.kafka_version}`,
);
for (const stage of options.stages) {
  if (abort.signal.aborted) break;
  progress(`▶ ${stage}`);
  try {
    document.results.push(...await RUNNERS[stage](ctx));
  } catch (error) {
    failed.push(stage);
    progress(
      `✗ ${stage} failed: ${error instanceof Error ? error.message : error}`,
    );
  } finally {
    await Promise.all([...children].map((child) => child.stop(5_000)));
  }
  await Deno.writeTextFile(
    options.out,
    JSON.stringify(document, null, 2) + "\n",
  );
  if (document.results.length > 0) {
    console.log(`\n${formatTable(document.results)}\n`);
  }
}
await admin.disconnect().catch(() => {});

const elapsed = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  `Markdown for docs/performance.md:\n\n${
    formatMarkdown(document.results, document.machine)
  }\n`,
);
progress(
  `done in ${elapsed} s; results in ${options.out}${
    failed.length > 0 ? `; FAILED stages: ${failed.join(", ")}` : ""
  }`,
);
Deno.exit(failed.length > 0 || abort.signal.aborted ? 1 : 0);

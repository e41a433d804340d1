/** `deno task process`: wiring only (flags, config, the processor or its workers, signals). */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { hostname } from "node:os";
import { loadConfigOrExit } from "../../shared/config.ts";
import { kafkaExitCode, kafkaProblem } from "../../shared/kafka.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { createLogger } from "../../shared/log.ts";
import {
  defaultWorkers,
  parseProcessorArgs,
  type ProcessorOptions,
  USAGE,
} from "./cli.ts";
import { newCommitCount } from "./delivery.ts";
import { createProcessor } from "./instance.ts";
import { summarise } from "./summary.ts";
import { WorkerFailure, WorkerPool } from "./worker_pool.ts";

const options: ProcessorOptions = parseOrExit(parseProcessorArgs, USAGE);

const config = loadConfigOrExit();
const logger = createLogger("processor", config.LOG_LEVEL);
const instanceId = options.instanceId ?? `${hostname()}-${Deno.pid}`;
const workers = options.workers ??
  defaultWorkers(navigator.hardwareConcurrency, config.STORE_PARTITIONS);
const run = {
  untilCaughtUp: options.untilCaughtUp,
  drain: options.drain,
  instanceId,
  semantics: options.semantics,
  crashAtCommit: options.crashAtCommit,
  commitCount: newCommitCount(),
};
// One worker would only add a thread: it runs on the main thread instead.
const processor = workers === 1
  ? createProcessor(config, run, logger)
  : new WorkerPool({ workers, config, run, logger });

let signals = 0;
const onSignal = () => {
  if (++signals > 1) {
    logger.warn("second signal: exiting without a final commit");
    Deno.exit(130);
  }
  logger.info("shutting down");
  processor.stop();
  // Bounded: a stuck broker must not keep the process alive forever.
  setTimeout(() => {
    logger.error("shutdown took too long");
    Deno.exit(1);
  }, 30_000).unref?.();
};
Deno.addSignalListener("SIGINT", onSignal);
Deno.addSignalListener("SIGTERM", onSignal);

logger.info("starting", {
  instance: instanceId,
  group: config.PROCESSOR_GROUP_ID,
  prefix: config.KAFKA_TOPIC_PREFIX || undefined,
  lateness_ms: config.PROCESSOR_ALLOWED_LATENESS_MS,
  workers,
  semantics: options.semantics,
});
try {
  const startedAt = new Date();
  const result = await processor.run();
  const summary = summarise(instanceId, result, {
    workers,
    startedAt,
    finishedAt: new Date(),
  });
  logger.info("done", { ...summary });
  if (options.summaryJson) {
    await Deno.writeTextFile(
      options.summaryJson,
      JSON.stringify(summary, null, 2) + "\n",
    );
  }
  Deno.exit(0);
} catch (error) {
  if (error instanceof WorkerFailure) {
    logger.error(`processor failed: ${error.message}`);
    Deno.exit(error.code);
  }
  logger.error(
    `processor failed: ${kafkaProblem(error, config.KAFKA_BROKERS)}`,
  );
  Deno.exit(kafkaExitCode(error));
}

/** `deno task process`: wiring only (flags, config, clients, signals). */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { hostname } from "node:os";
import { loadConfigOrExit } from "../../shared/config.ts";
import {
  createKafka,
  kafkaExitCode,
  kafkaProblem,
} from "../../shared/kafka.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { createLogger } from "../../shared/log.ts";
import { parseProcessorArgs, type ProcessorOptions, USAGE } from "./cli.ts";
import { newDelivery } from "./delivery.ts";
import { Processor } from "./processor.ts";
import { quietKafkaLogger } from "./quiet_logger.ts";
import { summarise } from "./summary.ts";

const options: ProcessorOptions = parseOrExit(parseProcessorArgs, USAGE);

const config = loadConfigOrExit();
const logger = createLogger("processor", config.LOG_LEVEL);
const instanceId = options.instanceId ?? `${hostname()}-${Deno.pid}`;
const kafka = createKafka(config, {
  // The instance id in the client id tells members apart in the group's
  // description (the dashboard, kafka-consumer-groups --describe).
  clientSuffix: `processor-${instanceId}`,
  // Ride out a broker restart (tens of seconds) without KafkaJS crashing the
  // consumer: a restarted consumer joins as a new member, and the group then
  // waits a session timeout for the old one before it can settle.
  retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 3_000 },
  logger: quietKafkaLogger(logger.child("kafkajs")),
});
const processor = new Processor(kafka, config, {
  untilCaughtUp: options.untilCaughtUp,
  drain: options.drain,
  instanceId,
  delivery: newDelivery({
    semantics: options.semantics,
    crashAtCommit: options.crashAtCommit,
    logger,
  }),
}, logger);

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
  semantics: options.semantics,
});
try {
  const result = await processor.run();
  const summary = summarise(instanceId, result);
  logger.info("done", { ...summary });
  if (options.summaryJson) {
    await Deno.writeTextFile(
      options.summaryJson,
      JSON.stringify(summary, null, 2) + "\n",
    );
  }
  Deno.exit(0);
} catch (error) {
  logger.error(
    `processor failed: ${kafkaProblem(error, config.KAFKA_BROKERS)}`,
  );
  Deno.exit(kafkaExitCode(error));
}

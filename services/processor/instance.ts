/** One processor with its own Kafka client: what the main thread runs, or each worker. */
import type { Config } from "../../shared/config.ts";
import { createKafka } from "../../shared/kafka.ts";
import type { Logger } from "../../shared/log.ts";
import { Processor, type RunOptions } from "./processor.ts";
import { quietKafkaLogger } from "./quiet_logger.ts";

export function createProcessor(
  config: Config,
  options: RunOptions,
  logger: Logger,
): Processor {
  const kafka = createKafka(config, {
    // The instance id in the client id tells members apart in the group's
    // description (the dashboard, kafka-consumer-groups --describe).
    clientSuffix: `processor-${options.instanceId}`,
    // Ride out a broker restart (tens of seconds) without KafkaJS crashing the
    // consumer: a restarted consumer joins as a new member, and the group then
    // waits a session timeout for the old one before it can settle.
    retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 3_000 },
    logger: quietKafkaLogger(logger.child("kafkajs")),
  });
  return new Processor(kafka, config, options, logger);
}

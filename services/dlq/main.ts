/** `deno task dlq replay`: send dead letters back to their source topics. Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { createKafka, kafkaProblem } from "../../shared/kafka.ts";
import { topicNames } from "../../shared/topics.ts";
import { DLQ_USAGE, parseDlqArgs } from "./cli.ts";
import { replayDeadLetters } from "./replay.ts";

const flags = parseOrExit(parseDlqArgs, DLQ_USAGE);
const config = loadConfigOrExit();
const prefix = config.KAFKA_TOPIC_PREFIX;
try {
  const summary = await replayDeadLetters({
    kafka: createKafka(config, { clientSuffix: "dlq-replay" }),
    names: topicNames(prefix),
    groupId: `${prefix}dlq-replay`,
    flags,
    say: (line) => console.log(line),
  });
  console.log(
    `${
      flags.dryRun ? "Would replay" : "Replayed"
    } ${summary.replayed} of ${summary.seen} dead letters` +
      ` (${summary.fixed} fixed, ${summary.skipped} not selected, ${summary.unfixable} not fixable)`,
  );
} catch (error) {
  console.error(
    `Cannot replay dead letters: ${kafkaProblem(error, config.KAFKA_BROKERS)}`,
  );
  Deno.exitCode = 1;
}

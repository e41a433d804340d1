/** `deno task topics`: create the project's topics if missing and verify the rest. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import {
  createKafka,
  kafkaExitCode,
  kafkaProblem,
} from "../../shared/kafka.ts";
import { topicSpecs } from "../../shared/topics.ts";
import { parseTopicsArgs, TOPICS_USAGE } from "./args.ts";
import { ensureTopics, formatTopicTable } from "./ensure_topics.ts";
import { clusterReplicationFactor } from "../../shared/replication.ts";

parseOrExit(parseTopicsArgs, TOPICS_USAGE);
const config = loadConfigOrExit();
const admin = createKafka(config, { clientSuffix: "topics" }).admin();
try {
  await admin.connect();
  const reports = await ensureTopics(
    admin,
    topicSpecs(
      config.KAFKA_TOPIC_PREFIX,
      await clusterReplicationFactor(admin, config.KAFKA_REPLICATION_FACTOR),
      { storePartitions: config.STORE_PARTITIONS },
    ),
  );
  console.log(formatTopicTable(reports));
  const errors = reports.filter((r) => r.status === "error");
  if (errors.length > 0) {
    console.error(
      `${errors.length} topic(s) do not match their spec; fix or delete them`,
    );
    Deno.exitCode = 1;
  }
} catch (error) {
  console.error(
    `Cannot ensure topics: ${kafkaProblem(error, config.KAFKA_BROKERS)}`,
  );
  Deno.exitCode = kafkaExitCode(error);
} finally {
  await admin.disconnect();
}

/** `deno task peek`: a topic's records in the terminal, without a consumer group. Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { createKafka, kafkaProblem } from "../../shared/kafka.ts";
import { createDirectFetcher, readRecords } from "../../shared/topic_reader.ts";
import { followRecords } from "../../shared/topic_tail.ts";
import { parsePeekArgs, PEEK_USAGE } from "./cli.ts";
import { formatRecord } from "./format.ts";

const options = parseOrExit(parsePeekArgs, PEEK_USAGE);
const config = loadConfigOrExit();
const kafka = createKafka(config, { clientSuffix: "peek" });
const admin = kafka.admin();
const stop = new AbortController();
Deno.addSignalListener("SIGINT", () => stop.abort());
let fetcher;
try {
  await admin.connect();
  const topics = await admin.listTopics();
  const prefixed = `${config.KAFKA_TOPIC_PREFIX}${options.topic}`;
  const topic = topics.includes(prefixed) ? prefixed : options.topic;
  if (!topics.includes(topic)) {
    console.error(
      `Cannot peek: no topic ${prefixed} at ${
        config.KAFKA_BROKERS.join(",")
      } (deno task topics creates the project's)`,
    );
    Deno.exit(1);
  }
  fetcher = await createDirectFetcher(kafka);
  const isolation = options.uncommitted ? "read_uncommitted" : "read_committed";
  const result = await readRecords({
    fetcher,
    topic,
    partition: options.partition,
    from: options.from,
    limit: options.limit,
    isolation,
    keyFilter: options.key,
    valueFilter: options.grep,
  });
  for (const record of result.records) {
    console.log(formatRecord(record, options));
  }
  if (options.uncommitted) {
    for (const marker of result.markers) {
      console.log(
        `${marker.partition}:${marker.offset} transaction marker: ${marker.control}`,
      );
    }
  }
  console.error(
    `${result.records.length} record(s) of ${topic}, ${result.scanned} scanned (${result.stoppedBy}), ${isolation}`,
  );
  if (options.follow) {
    console.error("following; Ctrl-C stops");
    await followRecords({
      fetcher,
      topic,
      partition: options.partition,
      isolation,
      keyFilter: options.key,
      valueFilter: options.grep,
      signal: stop.signal,
      onRecords: (records) =>
        records.forEach((r) => console.log(formatRecord(r, options))),
    });
  }
} catch (error) {
  console.error(`Cannot peek: ${kafkaProblem(error, config.KAFKA_BROKERS)}`);
  Deno.exitCode = 1;
} finally {
  await fetcher?.disconnect().catch(() => {});
  await admin.disconnect().catch(() => {});
}

/** `deno task produce`: wires the CLI, the model, Kafka, health and signals. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import {
  createKafka,
  createProducer,
  kafkaExitCode,
  kafkaProblem,
  RELIABLE_PRODUCER,
} from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import { metricKey } from "../../shared/schemas/metrics.ts";
import { topicNames } from "../../shared/topics.ts";
import { knownAnswerRecords } from "./model/known_answer.ts";
import { parseCli, USAGE } from "./cli.ts";
import { createHealthTracker } from "./health.ts";
import { startHealthReporter } from "./health_reporter.ts";
import { createKafkaSender } from "./kafka_sender.ts";
import { generateRecords } from "./model/generate.ts";
import { keyedRecords } from "./model/record_keys.ts";
import { DEFAULT_RATE } from "./model/simulation.ts";
import { runProducer } from "./run.ts";
import {
  countDelivered,
  countFailed,
  createStats,
  formatSummary,
  summarize,
} from "./stats.ts";
import { startStatusReporter } from "./status_reporter.ts";

const cli = parseOrExit(parseCli, USAGE);
const config = loadConfigOrExit();
const logger = createLogger("producer", config.LOG_LEVEL);
const names = topicNames(config.KAFKA_TOPIC_PREFIX);
const seed = cli.seed ?? crypto.getRandomValues(new Uint32Array(1))[0];
const startMs = cli.startMs ?? Date.now();
const throttled = typeof cli.rate === "number" ||
  (cli.rate === undefined && cli.events === undefined);
const rate = typeof cli.rate === "number" ? cli.rate : DEFAULT_RATE;
const instanceId = `producer-${Deno.hostname()}-${Deno.pid}`;

// The instance id in the client id tells producers apart in the broker's view.
const kafka = createKafka(config, { clientSuffix: instanceId });
const producer = createProducer(kafka, RELIABLE_PRODUCER);
const admin = kafka.admin();
const partitionCounts = new Map<string, number>();
try {
  await producer.connect();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const missing = [...names.store, names.metrics].filter((t) =>
    !existing.has(t)
  );
  if (missing.length > 0) {
    throw new Error(
      `missing topics ${missing.join(", ")} (run deno task topics)`,
    );
  }
  const metadata = await admin.fetchTopicMetadata({ topics: names.store });
  for (const topic of metadata.topics) {
    partitionCounts.set(topic.name, topic.partitions.length);
  }
} catch (error) {
  logger.error(
    `Cannot start producing: ${kafkaProblem(error, config.KAFKA_BROKERS)}`,
  );
  await producer.disconnect().catch(() => {});
  Deno.exit(kafkaExitCode(error));
} finally {
  await admin.disconnect().catch(() => {});
}

logger.info("Producing", {
  seed,
  start: new Date(startMs).toISOString(),
  rate: throttled ? rate : "max",
  speed: cli.speed,
  events: cli.events,
  duration_ms: cli.durationMs,
  bad_ratio: cli.badRatio,
  scenario: cli.scenario,
  key: cli.key,
  prefix: config.KAFKA_TOPIC_PREFIX || undefined,
});

const stats = createStats();
/** Simulated time of the latest record handed to the sender. */
let simMs = startMs;
function* clocked<T extends { simMs: number }>(records: Iterable<T>) {
  for (const record of records) {
    simMs = record.simMs;
    yield record;
  }
}
const tracker = createHealthTracker(
  instanceId,
  Date.now(),
  () => ({ simMs, speed: cli.speed }),
);
const health = startHealthReporter({
  tracker,
  logger,
  send: (records) =>
    producer.send({
      topic: names.metrics,
      acks: -1,
      messages: records.map((r) => ({
        key: metricKey(r),
        value: JSON.stringify(r),
      })),
    }).then(() => {}),
});
const status = startStatusReporter(stats, logger);
const stop = new AbortController();
/** How long a stop may take to flush before the producer gives up on it. */
const SHUTDOWN_DEADLINE_MS = 30_000;
const shutdown = () => {
  if (stop.signal.aborted) return;
  stop.abort();
  const deadline = setTimeout(() => {
    logger.error("Cannot flush in-flight records before the deadline", {
      in_flight: stats.inFlight,
      deadline_ms: SHUTDOWN_DEADLINE_MS,
    });
    Deno.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  Deno.unrefTimer(deadline);
};
Deno.addSignalListener("SIGINT", shutdown);
Deno.addSignalListener("SIGTERM", shutdown);

const result = await runProducer({
  records: clocked(keyedRecords(
    cli.knownAnswer ? knownAnswerRecords({ startMs }) : generateRecords({
      seed,
      startMs,
      rate,
      speed: cli.speed,
      scenario: cli.scenario,
      badRatio: cli.badRatio,
      maxEventBytes: config.PROCESSOR_MAX_EVENT_BYTES,
      sessionGapMs: config.PROCESSOR_SESSION_GAP_MS,
    }),
    cli.key,
    seed,
  )),
  send: createKafkaSender(producer, names, partitionCounts),
  pace: throttled ? { startMs, speed: cli.speed } : undefined,
  limit: cli.events,
  durationMs: cli.durationMs,
  signal: stop.signal,
  onSent: (batch) => (stats.inFlight += batch.length),
  onDelivered(batch) {
    countDelivered(stats, batch);
    let bad = 0;
    for (const record of batch) if (record.bad) bad++;
    tracker.add({ sent: batch.length, bad_events: bad }, Date.now());
  },
  onResend(batch, error, attempt) {
    logger.warn("Resending records after a delivery error", {
      records: batch.length,
      attempt,
      error: (error as Error)?.message,
    });
  },
  onFailed(batch, error) {
    countFailed(stats, batch);
    tracker.add({ failed: batch.length }, Date.now());
    logger.error("Cannot deliver records", { records: batch.length, error });
  },
});

status.stop();
await health.stop();
await producer.disconnect().catch(() => {});
Deno.removeSignalListener("SIGINT", shutdown);
Deno.removeSignalListener("SIGTERM", shutdown);
const summary = summarize(stats, result.elapsedMs);
console.log(formatSummary(summary));
if (cli.summaryJson) {
  await Deno.writeTextFile(
    cli.summaryJson,
    JSON.stringify(summary, null, 2) + "\n",
  );
}
if (result.fatal !== undefined) {
  logger.error("Stopped: delivery keeps failing", { error: result.fatal });
  Deno.exit(1);
}
Deno.exit(0);

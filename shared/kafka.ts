/**
 * The one place KafkaJS clients are made: brokers, TLS/SASL and client id from
 * config, KafkaJS logs bridged into ours, the snappy codec registered.
 */
import process from "node:process";
import {
  type Admin,
  CompressionCodecs,
  CompressionTypes,
  Kafka,
  type KafkaConfig,
  type LogEntry,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Producer,
  type ProducerConfig,
  type SASLOptions,
} from "kafkajs";
import SnappyCodec from "kafkajs-snappy";
import type { Config } from "./config.ts";
import { settledWithin } from "./deadline.ts";
import { assertKafkaPatches } from "./kafka_patches/mod.ts";
import {
  KafkaSetupError,
  NO_BROKER_LOG,
  SETUP_PROBLEM_LOG,
} from "./kafka_problem.ts";
import { createLogger, type Logger } from "./log.ts";

export {
  kafkaExitCode,
  kafkaProblem,
  KafkaSetupError,
  setupProblem,
} from "./kafka_problem.ts";

CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;

// KafkaJS's request queue sets a timeout computed from a stale timestamp; Deno
// reports it as a TimeoutNegativeWarning on every client. It is harmless.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const name = typeof warning === "string" ? rest[0] : warning.name;
  if (name === "TimeoutNegativeWarning") return;
  // deno-lint-ignore no-explicit-any
  (emitWarning as any)(warning, ...rest);
}) as typeof process.emitWarning;

/** Errors KafkaJS logs at ERROR that are routine while a group or coordinator settles. */
const ROUTINE = [
  /rebalanc/i,
  /coordinator is loading/i,
  /coordinator is not available/i,
  /not the correct coordinator/i,
  /leadership election/i,
  /There is no leader for this topic-partition/i,
  /This server does not host this topic-partition/i,
  // A new topic's leader, or a failed one's successor, is still taking over.
  /This server is not the leader for that topic-partition/i,
  // RELIABLE_PRODUCER bounds retries on purpose so that an outage surfaces as an
  // error instead of an endless stall; KafkaJS warns about that on every start.
  /Limiting retries for the idempotent producer/i,
  // Follows every retriable crash, such as the group still forming on a first
  // start; the crash itself is logged on its own line when it matters.
  /Restarting the consumer/i,
];

/** KafkaJS's `logCreator` writing into `logger`, routine noise at debug. */
export function bridgeLogs(logger: Logger): KafkaConfig["logCreator"] {
  return () => ({ namespace, level, log }: LogEntry) => {
    const { message, timestamp: _t, logger: _l, ...fields } = log;
    const text = `${namespace}: ${message}`;
    // Connection failures repeat on every retry; the service that needed the
    // connection reports the outcome in one line (see kafkaProblem()).
    const routine = [...ROUTINE, NO_BROKER_LOG, SETUP_PROBLEM_LOG].some((re) =>
      re.test(`${message} ${fields.error ?? ""}`)
    );
    if (level === KafkaLogLevel.ERROR && !routine) logger.error(text, fields);
    else if (level === KafkaLogLevel.WARN && !routine) {
      logger.warn(text, fields);
    } else {
      // KafkaJS's INFO lines (joins, member assignments as long JSON) repeat
      // what our services log in one line each: shown at debug level only.
      logger.debug(text, fields);
    }
  };
}

/**
 * TLS settings: off, the system's CAs, or the configured CA file. The file
 * is read here so that a missing one stops the service with its name.
 */
export function tlsOptions(config: Config): KafkaConfig["ssl"] {
  if (!config.KAFKA_SSL) return false;
  if (!config.KAFKA_SSL_CA_FILE) return true;
  let ca: string;
  try {
    ca = Deno.readTextFileSync(config.KAFKA_SSL_CA_FILE);
  } catch (error) {
    throw new KafkaSetupError(
      `Cannot read KAFKA_SSL_CA_FILE ${config.KAFKA_SSL_CA_FILE}: ${
        (error as Error).message
      }`,
    );
  }
  return { ca: [ca], rejectUnauthorized: true };
}

function sasl(config: Config): SASLOptions | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } =
    config;
  if (!mechanism || !username) return undefined;
  const password = config.KAFKA_SASL_PASSWORD ?? "";
  return { mechanism, username, password } as SASLOptions;
}

export interface CreateKafkaOptions {
  /** Appended to `KAFKA_CLIENT_ID`, naming the service in broker logs. @default "" */
  clientSuffix?: string;
  /** Where KafkaJS's own logs go. @default a logger named "kafkajs" at the config's level */
  logger?: Logger;
  /** Give up connecting after this long. @default 5000 */
  connectionTimeout?: number;
  /** KafkaJS retry settings for every request. */
  retry?: KafkaConfig["retry"];
}

/** Makes a KafkaJS client for the configured cluster. */
export function createKafka(
  config: Config,
  options: CreateKafkaOptions = {},
): Kafka {
  assertKafkaPatches();
  const { clientSuffix = "", connectionTimeout = 5_000, retry } = options;
  const logger = options.logger ?? createLogger("kafkajs", config.LOG_LEVEL);
  // KafkaJS filters below this; ours filters again by level.
  const kafkaLevel = logger.level === "debug"
    ? KafkaLogLevel.DEBUG
    : KafkaLogLevel.WARN;
  return new Kafka({
    clientId: clientSuffix
      ? `${config.KAFKA_CLIENT_ID}-${clientSuffix}`
      : config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    ssl: tlsOptions(config),
    sasl: sasl(config),
    connectionTimeout,
    retry,
    logLevel: kafkaLevel,
    logCreator: bridgeLogs(logger),
  });
}

/**
 * A producer with the project's defaults: Java-compatible murmur2 partitioning
 * (same key, same partition as Java clients) and no topic auto-creation.
 */
export function createProducer(
  kafka: Kafka,
  options: ProducerConfig = {},
): Producer {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    ...options,
  });
}

/** The settings of a reliable producer: idempotent, acks from all replicas. */
export const RELIABLE_PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 5_000 },
};

/**
 * True when a broker at `brokers` answers a metadata request within `timeoutMs`.
 * Never throws: used to decide whether a broker must be started.
 */
export async function brokerAnswers(
  brokers: string[],
  timeoutMs = 2_000,
): Promise<boolean> {
  const kafka = new Kafka({
    clientId: "broker-probe",
    brokers,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: KafkaLogLevel.NOTHING,
  });
  const admin: Admin = kafka.admin();
  try {
    const probe = (async () => {
      await admin.connect();
      await admin.describeCluster();
    })();
    return await settledWithin(probe, timeoutMs + 500);
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

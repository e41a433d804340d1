/** One typed configuration for every service, parsed once from the environment. */
import { z } from "zod";
import { DEFAULT_SESSION_GAP_MS } from "./time.ts";

const brokerList = z
  .string()
  .transform((value) =>
    value.split(",").map((part) => part.trim()).filter(Boolean)
  )
  .pipe(
    z.array(
      z.string().regex(/^[A-Za-z0-9_.\-\[\]:]+:\d{1,5}$/, "expected host:port"),
    ).min(1, "expected at least one host:port"),
  );

const flag = z.string().transform((value) => value.toLowerCase()).pipe(
  z.enum(["true", "false", "1", "0", "yes", "no"], {
    error: "expected true or false",
  }),
).transform((value) => value === "true" || value === "1" || value === "yes");

/** A whole number in [min, max]; one message for every way a value can miss. */
function integer(min: number, max: number, unit = "") {
  const what = `expected a whole number${unit} from ${min} to ${max}`;
  return z.coerce.number({ error: what }).int(what).min(min, what).max(
    max,
    what,
  );
}

const port = integer(0, 65535);

/** The environment variables the project reads, with their defaults. */
export const ConfigSchema = z.object({
  KAFKA_BROKERS: brokerList.default(["127.0.0.1:9092"]),
  KAFKA_CLIENT_ID: z.string().min(1).default("game-store-analytics"),
  /** Prepended to every topic name; tests use it to keep runs apart. */
  KAFKA_TOPIC_PREFIX: z.string().regex(
    /^[A-Za-z0-9._-]*$/,
    "expected letters, digits, '.', '_' or '-'",
  ).default(""),
  /** Unset: 3 when three brokers answer, else 1 (shared/replication.ts). */
  KAFKA_REPLICATION_FACTOR: integer(1, 16).optional(),
  /**
   * The folder whose `.kafka/cluster/` holds the local cluster that `deno task
   * kafka --brokers/--status/--kill/--restart` and `kafka:stop` act on; unset,
   * this project's. A drill on a private cluster points it at its own folder.
   */
  KAFKA_CLUSTER_ROOT: z.string().min(1).optional(),
  KAFKA_SSL: flag.default(false),
  /**
   * PEM file of the CA that signed the brokers' certificates (a private or
   * local CA); unset, the system's trusted CAs verify them. Verification is
   * never turned off.
   */
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SASL_MECHANISM: z.enum(["plain", "scram-sha-256", "scram-sha-512"], {
    error: "expected plain, scram-sha-256 or scram-sha-512",
  }).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /**
   * Partitions of each store topic, so that a real cluster can run more
   * processor instances than three; `deno task topics` reports a topic that
   * has another count.
   */
  STORE_PARTITIONS: integer(1, 1_000).default(3),
  PROCESSOR_GROUP_ID: z.string().min(1).default("analytics-processor"),
  /** How far behind the highest event time a window may still take events. */
  PROCESSOR_ALLOWED_LATENESS_MS: integer(0, 3_600_000, " of milliseconds")
    .default(30_000),
  /**
   * An event more than this far ahead of its task's event time is
   * dead-lettered as timestamp_skew unless the records after it agree.
   */
  PROCESSOR_MAX_SKEW_MS: integer(60_000, 315_360_000_000, " of milliseconds")
    .default(3_600_000),
  /**
   * A session ends after this much event time without events: the
   * generator starts a new session past it, the processor counts the cart's
   * end and `verify` recomputes with it, so all three read it from here.
   */
  PROCESSOR_SESSION_GAP_MS: integer(60_000, 86_400_000, " of milliseconds")
    .default(DEFAULT_SESSION_GAP_MS),
  /** A task that makes no progress this long makes its instance leave the group and exit 1. */
  PROCESSOR_STALL_TIMEOUT_MS: integer(10_000, 3_600_000, " of milliseconds")
    .default(120_000),
  /** A processor instance silent this long leaves the group; its tasks move. */
  PROCESSOR_SESSION_TIMEOUT_MS: integer(6_000, 300_000, " of milliseconds")
    .default(30_000),
  /** A task's open transaction is aborted by the broker after this long. */
  PROCESSOR_TRANSACTION_TIMEOUT_MS: integer(1_000, 900_000, " of milliseconds")
    .default(60_000),
  /** Events larger than this are dead-lettered as oversized. */
  PROCESSOR_MAX_EVENT_BYTES: integer(256, 1_048_576, " of bytes").default(
    16_384,
  ),
  DASHBOARD_HOST: z.string().min(1).default("127.0.0.1"),
  DASHBOARD_PORT: port.default(8000),
  /**
   * Required by the pages that read topics (message browser, groups, dead
   * letters) when DASHBOARD_HOST is not a loopback address.
   */
  DASHBOARD_TOKEN: z.string().min(8, "expected at least 8 characters")
    .optional(),
  /** How often the dashboard reads the processor group's offsets from the broker. */
  DASHBOARD_POLL_MS: integer(200, 60_000, " of milliseconds").default(3_000),
  /** A partition with lag and no committed progress for this long is stalled. */
  DASHBOARD_STALL_MS: integer(1_000, 3_600_000, " of milliseconds").default(
    30_000,
  ),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"], {
    error: "expected debug, info, warn, error or silent",
  }).default("info"),
}).superRefine((config, ctx) => {
  if (
    config.KAFKA_SASL_MECHANISM &&
    (!config.KAFKA_SASL_USERNAME || !config.KAFKA_SASL_PASSWORD)
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["KAFKA_SASL_USERNAME"],
      message:
        "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM",
    });
  }
  // A CA without TLS would be silently ignored, and the connection plaintext.
  if (config.KAFKA_SSL_CA_FILE && !config.KAFKA_SSL) {
    ctx.addIssue({
      code: "custom",
      path: ["KAFKA_SSL_CA_FILE"],
      message: "expected KAFKA_SSL=true when a CA file is set",
    });
  }
  // Credentials without a mechanism would silently connect unauthenticated.
  if (
    !config.KAFKA_SASL_MECHANISM &&
    (config.KAFKA_SASL_USERNAME || config.KAFKA_SASL_PASSWORD)
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["KAFKA_SASL_MECHANISM"],
      message:
        "expected plain, scram-sha-256 or scram-sha-512 when SASL credentials are set",
    });
  }
});

export type Config = z.infer<typeof ConfigSchema>;
export type LogLevel = Config["LOG_LEVEL"];

/** Thrown when the environment holds a value the project cannot use. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the configuration from an environment map (by default the process's).
 * Empty (or blank) strings count as unset so that `VAR= deno task x` falls
 * back to the default instead of coercing to 0.
 * Throws a {@linkcode ConfigError} naming each bad variable and what was expected.
 */
export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") relevant[key] = value;
  }
  const parsed = ConfigSchema.safeParse(relevant);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "config");
    const got = relevant[name] === undefined
      ? ""
      : ` (got "${relevant[name]}")`;
    return `${name}: ${issue.message}${got}`;
  }));
}

/** Like {@linkcode loadConfig}, but prints the problem and exits 2: for a service's `main.ts`. */
export function loadConfigOrExit(): Config {
  try {
    const config = loadConfig();
    // Checked here, at start, so that a wrong path is named before any connection.
    if (config.KAFKA_SSL_CA_FILE) {
      try {
        Deno.statSync(config.KAFKA_SSL_CA_FILE);
      } catch (error) {
        throw new ConfigError([
          `KAFKA_SSL_CA_FILE: cannot read ${config.KAFKA_SSL_CA_FILE} (${
            (error as Error).name
          })`,
        ]);
      }
    }
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    Deno.exit(2);
  }
}

/** Command-line flags of `deno task process`. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";
import {
  DELIVERY_SEMANTICS,
  type DeliverySemantics,
} from "../../shared/schemas/names.ts";

export interface ProcessorOptions {
  untilCaughtUp: boolean;
  drain: boolean;
  summaryJson: string | null;
  instanceId: string | null;
  semantics: DeliverySemantics;
  crashAtCommit: number | null;
  /** Worker threads; null: {@linkcode defaultWorkers}. */
  workers: number | null;
  help: boolean;
}

/** More workers than this is a typo, not a machine. */
export const MAX_WORKERS = 64;

export const USAGE = `Usage: deno task process [options]

Consumes the store.* topics, dead-letters bad events, writes enriched events
and windowed metrics (exactly once, with Kafka transactions).

Options:
  --until-caught-up     exit 0 once every owned partition is processed up to
                        the high watermark seen at start, output committed
  --drain               with --until-caught-up: close and emit every open
                        window (and end every session) before exiting
  --summary-json FILE   write counts, elapsed_ms, events_per_sec, peak RSS
  --instance-id ID      name in logs and pipeline_health (default host-pid)
  --semantics S         exactly-once (default: outputs, state and offsets in
                        one transaction), at-least-once (outputs first,
                        offsets every 5 s: a crash counts records twice) or
                        at-most-once (offsets on fetch: a crash loses records)
  --crash-at-commit N   for the semantics drill: kill -9 this instance in the
                        middle of its Nth commit, with work in hand
  --workers N           worker threads, each a member of the group with tasks
                        of its own and named <instance-id>-w<i>; 1 runs on
                        the main thread (default: the smaller of the core
                        count and STORE_PARTITIONS)
  -h, --help            show this help

Configuration comes from the environment (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX,
PROCESSOR_GROUP_ID, PROCESSOR_ALLOWED_LATENESS_MS, PROCESSOR_MAX_EVENT_BYTES,
STORE_PARTITIONS).`;

/** One worker per core, but never more than there are tasks to share. */
export function defaultWorkers(cores: number, partitions: number): number {
  return Math.max(1, Math.min(cores, partitions, MAX_WORKERS));
}

function workers(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw invalidFlag(
      "workers",
      `a whole number from 1 to ${MAX_WORKERS}`,
      text,
    );
  }
  return n;
}

/** Parses flags; throws a {@linkcode UsageError} (a `TypeError`) naming the problem. */
export function parseProcessorArgs(args: string[]): ProcessorOptions {
  const { values, help } = parseFlags(args, {
    strings: [
      "summary-json",
      "instance-id",
      "semantics",
      "crash-at-commit",
      "workers",
    ],
    booleans: ["until-caught-up", "drain"],
  });
  if (values.drain && !values["until-caught-up"]) {
    throw new UsageError(
      "Invalid --drain: it only makes sense with --until-caught-up",
    );
  }
  const given = (name: "summary-json" | "instance-id", expected: string) => {
    const value = values[name];
    if (value !== undefined && value.trim() === "") {
      throw invalidFlag(name, expected, value);
    }
    return value ?? null;
  };
  return {
    untilCaughtUp: values["until-caught-up"] ?? false,
    drain: values.drain ?? false,
    summaryJson: given("summary-json", "a file to write the summary to"),
    instanceId: given("instance-id", "a name for this instance"),
    semantics: semanticsFrom(values.semantics),
    crashAtCommit: crashPointFrom(values["crash-at-commit"]),
    workers: workers(values.workers),
    help,
  };
}

function semanticsFrom(value: string | undefined): DeliverySemantics {
  if (value === undefined) return "exactly-once";
  const known = DELIVERY_SEMANTICS as readonly string[];
  if (known.includes(value)) return value as DeliverySemantics;
  throw invalidFlag("semantics", DELIVERY_SEMANTICS.join(", "), value);
}

function crashPointFrom(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw invalidFlag(
      "crash-at-commit",
      "a whole number of commits, 1 or more",
      value,
    );
  }
  return n;
}

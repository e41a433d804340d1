/** Command-line flags of `deno task process`. */
import { parseArgs } from "node:util";

export interface ProcessorOptions {
  untilCaughtUp: boolean;
  drain: boolean;
  summaryJson: string | null;
  instanceId: string | null;
  help: boolean;
}

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
  -h, --help            show this help

Configuration comes from the environment (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX,
PROCESSOR_GROUP_ID, PROCESSOR_ALLOWED_LATENESS_MS, PROCESSOR_MAX_EVENT_BYTES).`;

/** Parses flags; throws a `TypeError` naming the problem. */
export function parseProcessorArgs(args: string[]): ProcessorOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        "until-caught-up": { type: "boolean", default: false },
        drain: { type: "boolean", default: false },
        "summary-json": { type: "string" },
        "instance-id": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new TypeError((error as Error).message);
  }
  const { values } = parsed;
  if (values.drain && !values["until-caught-up"]) {
    throw new TypeError("--drain only makes sense with --until-caught-up");
  }
  for (const name of ["summary-json", "instance-id"] as const) {
    if (values[name] !== undefined && values[name].trim() === "") {
      throw new TypeError(`--${name} needs a value`);
    }
  }
  return {
    untilCaughtUp: values["until-caught-up"],
    drain: values.drain,
    summaryJson: values["summary-json"] ?? null,
    instanceId: values["instance-id"] ?? null,
    help: values.help,
  };
}

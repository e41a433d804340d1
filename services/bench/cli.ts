/** `deno task bench` flags: parsed into a plan of what to run and at what size. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";
import { durationMs } from "../../shared/time.ts";

export const STAGES = [
  "produce",
  "process",
  "e2e",
  "fanout",
  "soak",
  "scale",
] as const;
/** Stages only run when asked for: long, or measuring the machine more than the code. */
const OPT_IN: readonly Stage[] = ["soak", "scale"];
export type Stage = typeof STAGES[number];

export interface BenchOptions {
  quick: boolean;
  stages: Stage[];
  runs: number;
  out: string;
  soakMs: number;
  help: boolean;
}

export const USAGE = `Usage: deno task bench [options]

Measures the pipeline against Kafka's own perf tools on the running broker,
and the processor against a Kafka Streams peer doing the same job (built once
with Maven into .kafka/peer/), and writes every figure to bench-results.json.

Options:
  --quick              every stage at a small size (under two minutes)
  --only LIST          comma-separated stages to run: ${
  STAGES.join(",")
} (default: all but soak and scale)
  --soak               also run the soak stage (10 min at 5,000 events/s)
  --soak-duration D    soak length, e.g. 90s, 10m or 40m (implies --soak); the
                       memory figures use the last 10 minutes of it
  --runs N             repetitions of each measurement, at least 1 (default 3)
  --out FILE           where to write the results (default bench-results.json)
  -h, --help           show this help

The scale stage (--only scale) runs the processor's catch-up with 1, 2 and 3
instances and with 1, 2 and 3 workers in one instance.

Environment: KAFKA_BROKERS (default 127.0.0.1:9092). Every stage uses topics
of its own (prefix bench-<stage>-<id>.) and deletes them afterwards.`;

export { UsageError };

const EXPECTED = {
  only: `some of ${STAGES.join(",")}, comma-separated`,
  "soak-duration": "a positive time like 90s or 10m",
  runs: "a whole number from 1 to 20",
  out: "a file name",
};

/** Parses "90s", "10m", "1h" or a number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const ms = durationMs(text);
  if (ms === undefined) {
    throw invalidFlag("soak-duration", EXPECTED["soak-duration"], text);
  }
  return ms;
}

function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

function stages(text: string): Stage[] {
  const names = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (names.length === 0 || !names.every(isStage)) {
    throw invalidFlag("only", EXPECTED.only, text);
  }
  return names;
}

function runs(text: string): number {
  const runs = Number(text);
  if (text.trim() === "" || !Number.isInteger(runs) || runs < 1 || runs > 20) {
    throw invalidFlag("runs", EXPECTED.runs, text);
  }
  return runs;
}

/** Parses the command line; throws {@linkcode UsageError} naming the bad flag. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const { values, help } = parseFlags(args, {
    strings: ["only", "soak-duration", "runs", "out"],
    booleans: ["quick", "soak"],
  });
  for (const flag of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    if (values[flag] === "") {
      throw new UsageError(
        `Missing value for --${flag}: expected ${EXPECTED[flag]}`,
      );
    }
  }
  const quick = values.quick ?? false;
  const soakSet = values["soak-duration"] !== undefined;
  const soak = values.soak ?? soakSet;
  const defaults = STAGES.filter((s) => !OPT_IN.includes(s));
  return {
    quick,
    stages: values.only !== undefined
      ? stages(values.only)
      : soak
      ? [...defaults, "soak"]
      : defaults,
    runs: values.runs === undefined ? 3 : runs(values.runs),
    out: values.out ?? "bench-results.json",
    soakMs: soakSet
      ? parseDuration(values["soak-duration"]!)
      : quick
      ? 60_000
      : 10 * 60_000,
    help,
  };
}

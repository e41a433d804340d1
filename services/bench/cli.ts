/** `deno task bench` flags: parsed into a plan of what to run and at what size. */

export const STAGES = ["produce", "process", "e2e", "fanout", "soak"] as const;
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

Measures the pipeline against Kafka's own perf tools on the running broker and
writes every figure to bench-results.json.

Options:
  --quick              every stage at a small size (under two minutes)
  --only LIST          comma-separated stages to run: ${
  STAGES.join(",")
} (default: all but soak)
  --soak               also run the soak stage (10 min at 5,000 events/s)
  --soak-duration D    soak length, e.g. 90s or 10m (implies --soak)
  --runs N             repetitions of each measurement, at least 1 (default 3)
  --out FILE           where to write the results (default bench-results.json)
  -h, --help           show this help

Environment: KAFKA_BROKERS (default 127.0.0.1:9092). Every stage uses topics
of its own (prefix bench-<stage>-<id>.) and deletes them afterwards.`;

/** Thrown for a flag that cannot be used; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses "90s", "10m", "1h" or a number of seconds into milliseconds. */
export function parseDuration(text: string): number {
  const match = text.match(/^(\d+(?:\.\d+)?)(ms|s|m|h)?$/);
  if (!match) {
    throw new UsageError(
      `Invalid duration: expected e.g. 90s or 10m, got "${text}"`,
    );
  }
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? "s"]!;
  const ms = Number(match[1]) * unit;
  if (ms <= 0) {
    throw new UsageError(`Invalid duration: must be positive, got "${text}"`);
  }
  return ms;
}

function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** Parses the command line; throws {@linkcode UsageError} naming the bad flag. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    stages: STAGES.filter((s) => s !== "soak"),
    runs: 3,
    out: "bench-results.json",
    soakMs: 10 * 60_000,
    help: false,
  };
  let only: Stage[] | undefined;
  let soak = false;
  let soakSet = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") {
        throw new UsageError(`Missing value for ${flag}`);
      }
      return v;
    };
    switch (flag) {
      case "--quick":
        options.quick = true;
        break;
      case "--soak":
        soak = true;
        break;
      case "--soak-duration":
        options.soakMs = parseDuration(value());
        soak = true;
        soakSet = true;
        break;
      case "--only": {
        const names = value().split(",").map((s) => s.trim()).filter(Boolean);
        const bad = names.filter((n) => !isStage(n));
        if (bad.length > 0 || names.length === 0) {
          throw new UsageError(
            `Invalid --only: unknown stage "${
              bad.join(",")
            }"; expected some of ${STAGES.join(",")}`,
          );
        }
        only = names as Stage[];
        break;
      }
      case "--runs": {
        const raw = value();
        const runs = Number(raw);
        if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
          throw new UsageError(
            `Invalid --runs: expected 1 to 20, got "${raw}"`,
          );
        }
        options.runs = runs;
        break;
      }
      case "--out":
        options.out = value();
        break;
      case "-h":
      case "--help":
        options.help = true;
        break;
      default:
        throw new UsageError(`Unknown argument: ${arg}`);
    }
  }
  if (options.quick && !soakSet) options.soakMs = 60_000;
  if (only) options.stages = only;
  else if (soak) options.stages = [...options.stages, "soak"];
  return options;
}

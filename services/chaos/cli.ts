/** The `deno task chaos` command line. */
import { invalidFlag, parseFlags } from "../../shared/flags.ts";
import { parseDuration } from "../producer/cli.ts";

export const USAGE = `Usage: deno task chaos [flags]

Proves exactly-once through faults: starts a broker of its own (own port and
data folder in a temp dir; never yours), the generator at a steady rate and
two processors on their own prefix, then injects a seeded schedule of faults
one after another: kill -9 of processors, an instance added and one removed,
the broker killed and restarted, a processor SIGSTOPped past its transaction
timeout, and poison records (a 2 MB compressed record, a far-future timestamp,
an over-long session). Then it lets the pipeline catch up, runs verify, and
counts the enriched events against the valid input with Kafka's own console
consumer (no duplicate event_id, none missing). It prints a table: fault,
time injected, time until every task was owned and lag under 1,000 again,
and the verdict.

Flags:
  --quick          A short schedule (2 processor kills instead of 5, shorter
                   session and transaction timeouts): a few minutes.
  --seed N         Seed of the schedule and the generator (default: random,
                   printed at start).
  --duration T     Keep the load running at least T from the start, e.g. 5m
                   (default 60s with --quick, 5m without).
  --rate N         Events per second from the generator (default 200 with
                   --quick, 500 without).
  --help           Show this text.

Exit codes: 0 every check passed, 1 a loss, a duplicate, a verify difference
or a recovery over its bound, 2 bad flags. Ctrl-C stops everything it started.`;

export interface ChaosOptions {
  help: boolean;
  quick: boolean;
  seed: number;
  durationMs: number;
  rate: number;
}

export function parseChaosArgs(args: string[]): ChaosOptions {
  const { values, help } = parseFlags(args, {
    strings: ["seed", "duration", "rate"],
    booleans: ["quick"],
  });
  const quick = values.quick ?? false;
  const seed = values.seed === undefined
    ? Math.floor(Math.random() * 2 ** 31)
    : values.seed.trim() === ""
    ? NaN
    : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    throw invalidFlag("seed", "a whole number >= 0", values.seed ?? "");
  }
  const rate = values.rate === undefined
    ? (quick ? 200 : 500)
    : Number(values.rate);
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw invalidFlag(
      "rate",
      "a number of events per second > 0",
      values.rate ?? "",
    );
  }
  return {
    help,
    quick,
    seed,
    durationMs: values.duration === undefined
      ? (quick ? 60_000 : 300_000)
      : parseDuration(values.duration),
    rate,
  };
}

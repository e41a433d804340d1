/** The flags of `deno task dev`. */
import { parseFlags, UsageError } from "../../shared/flags.ts";
import type { ServiceCommand } from "../../shared/supervisor.ts";

export interface DevOptions {
  /**
   * The producer's base rate in events per second: its time-of-day curve
   * scales it (0.3x at night, 2.3x in the evening). @default 50
   */
  rate: number;
  /** How long services get to stop after SIGTERM before they are killed. @default 15000 */
  stopTimeoutMs: number;
  help: boolean;
}

export const DEV_USAGE =
  `Usage: deno task dev [--rate <events/s>] [--stop-timeout <ms>]

Starts the broker (if none answers) and the topics, then the producer,
processor and dashboard with prefixed output. Ctrl-C stops the three
services; the broker keeps running (deno task kafka:stop stops it). Only one
dev runs at a time: a second one says where the first is and starts nothing.

  --rate <n>          the producer's base rate in events per second
                      (default 50); its time-of-day curve scales it from
                      0.3x at night to 2.3x in the evening, as in
                      deno task produce --help
  --stop-timeout <ms> time services get to stop before they are killed
                      (default 15000)
  -h, --help          show this help`;

function positive(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !(number > 0)) {
    // Worded "Invalid flag" since dev's first release; scripts may match it.
    const got = value === "" ? "nothing" : `"${value}"`;
    throw new UsageError(
      `Invalid flag --${flag}: expected a positive number (got ${got})`,
    );
  }
  return number;
}

/** Parses the command line; throws a `UsageError` (a `TypeError`) naming the bad flag. */
export function parseDevArgs(args: readonly string[]): DevOptions {
  const { values, help } = parseFlags(args, {
    strings: ["rate", "stop-timeout"],
  });
  return {
    rate: values.rate === undefined ? 50 : positive("rate", values.rate),
    stopTimeoutMs: values["stop-timeout"] === undefined
      ? 15_000
      : positive("stop-timeout", values["stop-timeout"]),
    help,
  };
}

/** The three services `dev` runs, as `deno task` invocations. */
export function devServices(options: DevOptions): ServiceCommand[] {
  return [
    {
      name: "produce",
      args: ["task", "produce", "--rate", String(options.rate)],
    },
    { name: "process", args: ["task", "process"] },
    { name: "dashboard", args: ["task", "dashboard", "--dev"] },
  ];
}

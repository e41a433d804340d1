/** The flags of `deno task dev`. */

export interface DevOptions {
  /** Events per second the demo producer sends. @default 50 */
  rate: number;
  /** How long services get to stop after SIGTERM before they are killed. @default 15000 */
  stopTimeoutMs: number;
  help: boolean;
}

export const DEV_USAGE =
  `Usage: deno task dev [--rate <events/s>] [--stop-timeout <ms>]

Starts the broker (if none answers) and the topics, then the producer,
processor and dashboard with prefixed output. Ctrl-C stops the three
services; the broker keeps running (deno task kafka:stop stops it).

  --rate <n>          events per second the producer sends (default 50)
  --stop-timeout <ms> time services get to stop before they are killed (default 15000)`;

function positive(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (value === undefined || value.trim() === "" || !(number > 0)) {
    throw new TypeError(
      `Invalid flag ${flag}: expected a positive number, got ${
        value ?? "nothing"
      }`,
    );
  }
  return number;
}

/** Parses the command line; throws a `TypeError` naming the bad flag. */
export function parseDevArgs(args: readonly string[]): DevOptions {
  const options: DevOptions = { rate: 50, stopTimeoutMs: 15_000, help: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => inline ?? args[++i];
    if (flag === "--rate") options.rate = positive(flag, value());
    else if (flag === "--stop-timeout") {
      options.stopTimeoutMs = positive(flag, value());
    } else if (flag === "--help" || flag === "-h") options.help = true;
    else throw new TypeError(`Invalid flag ${args[i]}: see --help`);
  }
  return options;
}

export interface ServiceCommand {
  /** The `deno task` name, also the output prefix. */
  name: string;
  args: string[];
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

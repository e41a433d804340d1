/** The command line of `deno task kafka` and `deno task kafka:stop`. */
import { parseFlags, UsageError } from "../../shared/flags.ts";

export const BROKER_USAGE = `Usage: deno task kafka [--quiet]
       deno task kafka:stop

deno task kafka makes sure a Kafka broker answers at KAFKA_BROKERS (default
127.0.0.1:9092): it reuses one that answers, else starts one with docker
compose (docker-compose.yml), else a local KRaft broker from Apache Kafka's
jars (downloaded from Maven Central into .kafka/lib on first use; needs Java
17+ and Maven). Its data and logs are in .kafka/.

deno task kafka:stop stops the broker deno task kafka started from this
folder; a broker it found already running is left alone.

  --quiet     print nothing when a broker already answers (start only)
  -h, --help  show this help`;

export interface BrokerArgs {
  command: "start" | "stop";
  quiet: boolean;
  help: boolean;
}

/**
 * Parses `start|stop [flags]` (deno.json passes the command). Throws a
 * `UsageError` for an unknown command or flag.
 */
export function parseBrokerArgs(args: readonly string[]): BrokerArgs {
  const { values, positionals, help } = parseFlags(args, {
    booleans: ["quiet"],
    positionals: 1,
  });
  const [command = "start"] = positionals;
  if (command !== "start" && command !== "stop") {
    throw new UsageError(
      `Invalid command "${command}": expected start or stop`,
    );
  }
  if (command === "stop" && values.quiet) {
    throw new UsageError(
      "Invalid flag --quiet: expected only with deno task kafka",
    );
  }
  return { command, quiet: values.quiet ?? false, help };
}

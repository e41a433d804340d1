/** The command line of `deno task topics`: no flags but `--help`. */
import { parseFlags } from "../../shared/flags.ts";

export const TOPICS_USAGE = `Usage: deno task topics

Creates the project's eight topics at KAFKA_BROKERS where they are missing
(names prefixed with KAFKA_TOPIC_PREFIX, replication KAFKA_REPLICATION_FACTOR,
by default 3 with min.insync.replicas=2 when three brokers answer, else 1),
repairs a drifted retention or compression, and prints a table of them. A
topic with the wrong partition count is reported, not changed: delete it and
run this again. Exit 0 when every topic matches, 1 otherwise, 2 on bad flags.

  -h, --help  show this help`;

/** Parses the (empty) command line; throws a `UsageError` for any argument. */
export function parseTopicsArgs(args: readonly string[]): { help: boolean } {
  return { help: parseFlags(args, {}).help };
}

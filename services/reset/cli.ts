/** The `deno task reset` command line. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";

export const RESET_USAGE =
  `Usage: deno task reset [--to-datetime ISO] [--all [--yes]]

Resets the processor for a reprocess, as Kafka Streams' application reset
tool does, with the processor stopped (it refuses while its group has
members):

  deno task reset        the processor's input offsets go back to the
                         earliest, its changelog is deleted, and its outputs
                         (enriched events, dead letters, metrics) are
                         emptied, so that the next run writes everything once
                         again and deno task verify is exact
  --to-datetime ISO      only moves the input offsets to the first record at
                         or after ISO; the changelog and the outputs stay, and
                         the processor rebuilds its state from there without
                         writing anything twice (docs/processor.md)
  --all                  a fresh playground: empties every project topic
                         (store topics included) and deletes the project's
                         consumer groups; asks first unless --yes
  -h, --help             show this help

Topics and groups are those of KAFKA_TOPIC_PREFIX and PROCESSOR_GROUP_ID.`;

export interface ResetOptions {
  help: boolean;
  toDatetime: number | null;
  all: boolean;
  yes: boolean;
}

export function parseResetArgs(args: readonly string[]): ResetOptions {
  const { values, help } = parseFlags(args, {
    strings: ["to-datetime"],
    booleans: ["all", "yes"],
  });
  let toDatetime: number | null = null;
  if (values["to-datetime"] !== undefined) {
    toDatetime = Date.parse(values["to-datetime"]);
    if (Number.isNaN(toDatetime)) {
      throw invalidFlag(
        "to-datetime",
        "an ISO time like 2026-11-22T08:00:00Z",
        values["to-datetime"],
      );
    }
  }
  if (values.all && toDatetime !== null) {
    throw new UsageError(
      "Invalid flags: --all and --to-datetime exclude each other",
    );
  }
  if (values.yes && !values.all) {
    throw new UsageError("Invalid flag --yes: it only confirms --all");
  }
  return {
    help,
    toDatetime,
    all: values.all === true,
    yes: values.yes === true,
  };
}

/** The `deno task dlq` command line. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";

export const DLQ_USAGE =
  `Usage: deno task dlq replay [--reason R] [--from ISO] [--fix] [--dry-run]

Sends dead letters back to the store topic they came from, so that the
processor handles them again. Progress is kept by the consumer group
<prefix>dlq-replay: a dead letter is replayed once, and running it again
replays only newer ones. Each replayed record carries the headers
dlq.replay.of (the dead letter it came from) and dlq.replay.count; if it
fails again, its new dead letter keeps the count.

Flags:
  --reason R     only dead letters with this reason (schema, invalid_json,
                 oversized, timestamp_skew, ...)
  --from ISO     only dead letters written at or after this time
  --fix          repair what can be repaired first: a number sent as a
                 string ("19.99" for 19.99); records with nothing to repair,
                 or that stay invalid, are left out and counted
  --dry-run      show what would be replayed; change nothing
  -h, --help     show this help

Replayed events keep their event time: those older than the allowed
lateness count as late events, not in their (closed) windows.`;

export interface DlqOptions {
  help: boolean;
  reason: string | null;
  from: number | null;
  fix: boolean;
  dryRun: boolean;
}

export function parseDlqArgs(args: readonly string[]): DlqOptions {
  const { values, positionals, help } = parseFlags(args, {
    strings: ["reason", "from"],
    booleans: ["fix", "dry-run"],
    positionals: 1,
  });
  if (!help && positionals[0] !== "replay") {
    throw new UsageError(
      `Invalid command ${
        JSON.stringify(positionals[0] ?? "")
      }: expected replay`,
    );
  }
  let from: number | null = null;
  if (values.from !== undefined) {
    from = Date.parse(values.from);
    if (Number.isNaN(from)) {
      throw invalidFlag(
        "from",
        "an ISO time like 2026-11-22T08:00:00Z",
        values.from,
      );
    }
  }
  if (values.reason === "") {
    throw invalidFlag("reason", "a dead-letter reason", "");
  }
  return {
    help,
    reason: values.reason ?? null,
    from,
    fix: values.fix === true,
    dryRun: values["dry-run"] === true,
  };
}

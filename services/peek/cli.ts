/** The `deno task peek` command line. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";
import type { StartFrom } from "../../shared/topic_reader.ts";

export const PEEK_USAGE = `Usage: deno task peek TOPIC [flags]

Shows a topic's records, one per line (offset, partition, time, key, value),
newest first, without joining a consumer group or committing anything: what
kafka-console-consumer or kcat would show, without Java or kcat. TOPIC is the
name without KAFKA_TOPIC_PREFIX (store.searches, store.dead-letter, ...); a
name that does not exist with the prefix is taken as given.

Flags:
  --partition P      one partition (default: all)
  --from WHERE       earliest, latest, -N (N records before the end; the
                     default is -20), an offset, or an ISO time
  --limit N          at most N records (default 20)
  --key K            only records whose key is K
  --grep TEXT        only records whose value contains TEXT (bounded scan;
                     the number of records scanned is printed)
  --follow           then keep printing new records until Ctrl-C
  --uncommitted      read_uncommitted: records of open and aborted
                     transactions too, and the markers' offsets
  --json             one JSON object per line
  -h, --help         show this help`;

export interface PeekOptions {
  help: boolean;
  topic: string;
  partition: number | undefined;
  from: StartFrom;
  limit: number;
  key: string | undefined;
  grep: string | undefined;
  follow: boolean;
  uncommitted: boolean;
  json: boolean;
}

export function parseFrom(text: string): StartFrom {
  if (text === "earliest") return { kind: "earliest" };
  if (text === "latest") return { kind: "latest-minus", n: 0 };
  if (/^-\d+$/.test(text)) {
    return { kind: "latest-minus", n: Number(text.slice(1)) };
  }
  if (/^\d+$/.test(text)) return { kind: "offset", offset: BigInt(text) };
  const time = Date.parse(text);
  if (!Number.isNaN(time) && /^\d{4}-\d{2}-\d{2}/.test(text)) {
    return { kind: "time", time };
  }
  throw invalidFlag(
    "from",
    "earliest, latest, -N, an offset or an ISO time",
    text,
  );
}

function count(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw invalidFlag(name, `a whole number of at least ${min}`, text);
  }
  return n;
}

export function parsePeekArgs(args: readonly string[]): PeekOptions {
  const { values, positionals, help } = parseFlags(args, {
    strings: ["partition", "from", "limit", "key", "grep"],
    booleans: ["follow", "uncommitted", "json"],
    positionals: 1,
  });
  if (!help && positionals.length === 0) {
    throw new UsageError("Invalid arguments: expected a TOPIC to peek at");
  }
  return {
    help,
    topic: positionals[0] ?? "",
    partition: values.partition === undefined
      ? undefined
      : count("partition", values.partition, 0),
    from: parseFrom(values.from ?? "-20"),
    limit: values.limit === undefined ? 20 : count("limit", values.limit, 1),
    key: values.key,
    grep: values.grep,
    follow: values.follow === true,
    uncommitted: values.uncommitted === true,
    json: values.json === true,
  };
}

/** The `deno task offsets` command line. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";
import type { OffsetAction } from "./plan.ts";

export const OFFSETS_USAGE =
  `Usage: deno task offsets [GROUP] ACTION [--topic T] [--execute]

Shows or moves a consumer group's committed offsets, as Kafka's
kafka-consumer-groups --reset-offsets does. GROUP defaults to the processor's
group (PROCESSOR_GROUP_ID with KAFKA_TOPIC_PREFIX); the topics default to the
five store topics. Without --execute it only prints the plan (before and
after, per partition). It refuses while the group has live members.

Actions (one):
  --to-earliest        the first offset still in the log
  --to-latest          the end (skip everything not yet read)
  --to-datetime ISO    the first record at or after a time, e.g. 2026-11-22T08:00:00Z
  --shift-by N         N records forward (negative: back), within the log
  --to-offset N        offset N, within the log

Flags:
  --topic T            only this topic (repeat the task for others)
  --dry-run            print the plan only (the default)
  --execute            apply the plan
  -h, --help           show this help

The processor notices an offset change made while it was stopped (by this task
or by Kafka's own tool): docs/processor.md says what it does then.`;

export interface OffsetsOptions {
  help: boolean;
  group: string | null;
  topic: string | null;
  action: OffsetAction | null;
  execute: boolean;
}

function whole(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n)) {
    throw invalidFlag(name, "a whole number", text);
  }
  return n;
}

export function parseOffsetsArgs(args: readonly string[]): OffsetsOptions {
  const { values, positionals, help } = parseFlags(args, {
    strings: ["topic", "to-datetime", "shift-by", "to-offset"],
    booleans: ["to-earliest", "to-latest", "execute", "dry-run"],
    positionals: 1,
  });
  const actions: OffsetAction[] = [];
  if (values["to-earliest"]) actions.push({ kind: "to-earliest" });
  if (values["to-latest"]) actions.push({ kind: "to-latest" });
  if (values["to-datetime"] !== undefined) {
    const time = Date.parse(values["to-datetime"]);
    if (Number.isNaN(time)) {
      throw invalidFlag(
        "to-datetime",
        "an ISO time like 2026-11-22T08:00:00Z",
        values["to-datetime"],
      );
    }
    actions.push({ kind: "to-datetime", time });
  }
  if (values["shift-by"] !== undefined) {
    actions.push({
      kind: "shift-by",
      by: whole("shift-by", values["shift-by"]),
    });
  }
  if (values["to-offset"] !== undefined) {
    const offset = whole("to-offset", values["to-offset"]);
    if (offset < 0) {
      throw invalidFlag(
        "to-offset",
        "an offset of 0 or more",
        values["to-offset"],
      );
    }
    actions.push({ kind: "to-offset", offset });
  }
  if (!help && actions.length !== 1) {
    throw new UsageError(
      `Invalid action: expected exactly one of --to-earliest, --to-latest, --to-datetime, --shift-by, --to-offset (got ${actions.length})`,
    );
  }
  if (values.execute && values["dry-run"]) {
    throw new UsageError(
      "Invalid flags: --execute and --dry-run exclude each other",
    );
  }
  return {
    help,
    group: positionals[0] ?? null,
    topic: values.topic || null,
    action: actions[0] ?? null,
    execute: values.execute === true,
  };
}

/** Command-line flags of `deno task lab`. */
import { parseFlags, UsageError } from "../../shared/flags.ts";

export interface LabOptions {
  /** A lab's id or number; null with --list. */
  name: string | null;
  list: boolean;
  check: boolean;
  short: boolean;
  help: boolean;
}

export const USAGE = `Usage: deno task lab <name> [--check] [--short]
       deno task lab --list

Guided drills, one per Kafka concept (docs/labs/). Each step says what to do
and what should happen, and waits until the broker shows it (group members,
lag, alerts, topic ends, the last verify), with a time limit per step.

  <name>      a lab's id or number (deno task lab --list shows them)
  (default)   runs the lab's steps for you and checks each effect
  --check     you do the steps by hand; the lab watches and ticks them off
  --short     small loads and short timeouts (what the tests run)
  --list      lists the labs
  -h, --help  show this help

Exit 0 when every step's effect was seen, 1 when one was not in time, 2 on bad
flags. Labs act on the topics of KAFKA_TOPIC_PREFIX: some start from a fresh
playground (they say so) and empty its topics.`;

export function parseLabArgs(args: string[]): LabOptions {
  const { values, positionals, help } = parseFlags(args, {
    booleans: ["list", "check", "short"],
    positionals: 2,
  });
  const list = values.list ?? false;
  if (positionals.length > 1) {
    throw new UsageError(
      `Invalid arguments: one lab at a time (got ${positionals.join(" ")})`,
    );
  }
  const name = positionals[0] ?? null;
  if (!help && !list && name === null) {
    throw new UsageError(
      "Missing lab: name one (deno task lab --list shows them)",
    );
  }
  if (list && name !== null) {
    throw new UsageError("Invalid arguments: --list takes no lab name");
  }
  return {
    name,
    list,
    check: values.check ?? false,
    short: values.short ?? false,
    help,
  };
}

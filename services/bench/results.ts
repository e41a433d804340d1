/** The shape of `bench-results.json`: one entry per figure, ours against a reference. */
import { round, summarize, type Summary } from "./stats.ts";
import type { MachineInfo } from "./machine.ts";
import type { PeerCheck } from "./peer/compare.ts";

/** What a figure must reach: on the ratio to the reference, or on our median itself. */
export interface Goal {
  on: "ratio" | "ours";
  op: ">=" | "<";
  value: number;
}

export interface BenchResult {
  name: string;
  unit: string;
  ours: Summary;
  reference: Summary | null;
  /** ours.median / reference.median, when there is a reference. */
  ratio: number | null;
  /** The goal in words, e.g. "ratio >= 0.5"; null for a figure reported for information. */
  goal: string | null;
  /** Whether the goal is met; true for a figure without a goal. */
  met: boolean;
  /** What the reader must know to read the figure, printed under the table. */
  note?: string;
  /** For a figure against the Kafka Streams peer: its output compared with ours. */
  check?: PeerCheck;
}

export interface BenchDocument {
  machine: MachineInfo;
  results: BenchResult[];
}

export interface ResultInput {
  name: string;
  unit: string;
  ours: readonly number[];
  reference?: readonly number[] | null;
  goal?: Goal | null;
  note?: string;
  check?: PeerCheck;
}

/** Describes a goal the way the README's table does. */
export function describeGoal(goal: Goal, unit: string): string {
  return goal.on === "ratio"
    ? `ratio ${goal.op} ${goal.value}`
    : `${goal.op} ${goal.value} ${unit}`;
}

function meets(op: Goal["op"], actual: number, wanted: number): boolean {
  return op === ">=" ? actual >= wanted : actual < wanted;
}

/** Summarizes the runs, computes the ratio and checks the goal (on medians). */
export function makeResult(input: ResultInput): BenchResult {
  const ours = summarize(input.ours.map((v) => round(v)));
  const reference = input.reference && input.reference.length > 0
    ? summarize(input.reference.map((v) => round(v)))
    : null;
  const ratio = reference && reference.median > 0
    ? round(ours.median / reference.median, 3)
    : null;
  const goal = input.goal ?? null;
  let met = true;
  if (goal?.on === "ratio") {
    met = ratio !== null && meets(goal.op, ratio, goal.value);
  } else if (goal?.on === "ours") met = meets(goal.op, ours.median, goal.value);
  return {
    name: input.name,
    unit: input.unit,
    ours,
    reference,
    ratio,
    goal: goal ? describeGoal(goal, input.unit) : null,
    met,
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.check === undefined ? {} : { check: input.check }),
  };
}

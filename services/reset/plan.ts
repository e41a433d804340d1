/**
 * What `deno task reset` does to the broker, as a plan of steps: pure, so the
 * plan can be printed and tested; main.ts carries it out.
 */
import type { TopicNames } from "../../shared/topics.ts";

export type ResetStep =
  | {
    kind: "offsets";
    groupId: string;
    topics: string[];
    to: "earliest" | number;
  }
  | { kind: "delete-topic"; topic: string; why: string }
  | { kind: "empty-topic"; topic: string; why: string }
  | { kind: "delete-groups"; groupIds: string[] };

export interface ResetPlanInput {
  names: TopicNames;
  groupId: string;
  changelog: string;
  toDatetime: number | null;
  all: boolean;
  /** Every group on the broker, for --all. */
  groups: string[];
  prefix: string;
}

export function planReset(input: ResetPlanInput): ResetStep[] {
  const { names, groupId, changelog } = input;
  const outputs = [names.enriched, names.deadLetter, names.metrics];
  if (input.toDatetime !== null) {
    return [{
      kind: "offsets",
      groupId,
      topics: names.store,
      to: input.toDatetime,
    }];
  }
  const steps: ResetStep[] = [];
  if (!input.all) {
    steps.push({
      kind: "offsets",
      groupId,
      topics: names.store,
      to: "earliest",
    });
  }
  steps.push({
    kind: "delete-topic",
    topic: changelog,
    why: "the processor's state",
  });
  for (const topic of outputs) {
    steps.push({
      kind: "empty-topic",
      topic,
      why: "an output of the processor",
    });
  }
  if (input.all) {
    for (const topic of names.store) {
      steps.push({ kind: "empty-topic", topic, why: "a store topic" });
    }
    const ours = input.groups.filter((g) =>
      g === groupId ||
      (input.prefix !== "" && g.startsWith(input.prefix)) ||
      g.startsWith(`${input.prefix}dashboard-`) ||
      g.startsWith(`${input.prefix}dlq-replay`)
    );
    if (ours.length > 0) steps.push({ kind: "delete-groups", groupIds: ours });
  }
  return steps;
}

export function describeStep(step: ResetStep): string {
  switch (step.kind) {
    case "offsets":
      return `move the offsets of group ${step.groupId} on ${step.topics.length} topics to ${
        step.to === "earliest"
          ? "the earliest"
          : new Date(step.to).toISOString()
      }`;
    case "delete-topic":
      return `delete ${step.topic} (${step.why}); the processor creates it again`;
    case "empty-topic":
      return `empty ${step.topic} (${step.why})`;
    case "delete-groups":
      return `delete the groups ${step.groupIds.join(", ")}`;
  }
}

/**
 * Lab 2's checks over the processor group as the broker describes it: how
 * many members, which tasks (partition numbers) each holds, and how the
 * tasks moved between two snapshots. Pure.
 */
import type { GroupView, MemberView } from "../../../lib/kafka_types.ts";
import { type CheckResult, ok, type StepView, waiting } from "../model.ts";

/** The `--instance-id` in a processor's client id (`<client>-processor-<id>`), else the client id. */
export function instanceOf(member: MemberView): string {
  const marker = "-processor-";
  const at = member.client_id.indexOf(marker);
  return at >= 0
    ? member.client_id.slice(at + marker.length)
    : member.client_id;
}

/** The tasks a member holds: the partition numbers of its assignment, over every topic. */
export function tasksOf(member: MemberView): number[] {
  const tasks = new Set(Object.values(member.assignment).flat());
  return [...tasks].sort((a, b) => a - b);
}

/** Tasks of the group: the partitions of one input topic. */
export function taskCount(group: GroupView): number {
  const first = group.lag[0]?.topic;
  return group.lag.filter((p) => p.topic === first).length;
}

/** `proc-a 0,2 + proc-b 1 + proc-c none`. */
export function spread(group: GroupView | null): string {
  if (!group || group.members.length === 0) return "no member";
  return [...group.members]
    .sort((a, b) => instanceOf(a).localeCompare(instanceOf(b)))
    .map((m) => `${instanceOf(m)} ${tasksOf(m).join(",") || "none"}`)
    .join(" + ");
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"];
const ordinal = (n: number) => ORDINALS[n - 1] ?? `${n}th`;

/** The group settled with `count` members and every task held once: what is still missing, or null. */
function unsettled(group: GroupView | null, count: number): string | null {
  if (!group) return "no group yet: start a processor";
  const members = group.members.length;
  if (members !== count) {
    const who = members > 0 ? ` (${spread(group)})` : "";
    const workers = group.members.some((m) => /-w\d+$/.test(m.client_id))
      ? "; each worker thread is a member: start the processors with --workers 1"
      : "";
    return `${members} member(s)${who}, waiting for ${count}${workers}`;
  }
  if (group.state !== "Stable") {
    return `${count} members, rebalancing (${group.state})`;
  }
  const broken = group.members.find((m) => m.assignment_error !== undefined);
  if (broken) {
    return `cannot read the assignment of ${
      instanceOf(broken)
    }: ${broken.assignment_error}`;
  }
  const held = group.members.flatMap(tasksOf);
  const tasks = taskCount(group);
  const missing = Array.from({ length: tasks }, (_, t) => t)
    .filter((t) => !held.includes(t));
  if (missing.length > 0) {
    return `tasks ${missing.join(",")} have no owner yet (${spread(group)})`;
  }
  if (held.length !== tasks) {
    return `a task has two owners (${spread(group)})`;
  }
  return null;
}

/** `count` members share the tasks, as evenly as they can; the detail says how the tasks moved. */
export function membersShare(view: StepView, count: number): CheckResult {
  const group = view.now.group;
  const missing = unsettled(group, count);
  if (missing !== null) return waiting(missing);
  const loads = group!.members.map((m) => tasksOf(m).length);
  if (Math.max(...loads) - Math.min(...loads) > 1) {
    return waiting(`the tasks are not spread evenly yet (${spread(group)})`);
  }
  const tasks = taskCount(group!);
  if (count === 1) {
    return ok(
      `one member: ${instanceOf(group!.members[0])} holds every task, ${
        tasksOf(group!.members[0]).join(",")
      }`,
    );
  }
  const idle = group!.members.filter((m) => tasksOf(m).length === 0);
  const moved = `${spread(view.start.group)} → ${spread(group)}`;
  if (idle.length > 0) {
    return ok(
      `a ${ordinal(count)} member joined and ${
        idle.map(instanceOf).join(", ")
      } idles: ${tasks} partitions per topic make ${tasks} tasks, one owner each; ${moved}`,
    );
  }
  return ok(`a ${ordinal(count)} member joined; tasks moved: ${moved}`);
}

/** A member left (or was declared dead) and the rest took over its tasks. */
export function memberLeft(view: StepView): CheckResult {
  const before = view.start.group?.members ?? [];
  const group = view.now.group;
  const missing = unsettled(group, before.length - 1);
  if (missing !== null) return waiting(missing);
  const now = new Set(group!.members.map((m) => m.member_id));
  const gone = before.filter((m) => !now.has(m.member_id));
  if (gone.length !== 1) {
    return waiting(`expected one member to leave (${spread(group)})`);
  }
  const idleBefore = new Set(
    before.filter((m) => tasksOf(m).length === 0).map((m) => m.member_id),
  );
  const heirs = tasksOf(gone[0]).map((task) => {
    const heir = group!.members.find((m) => tasksOf(m).includes(task))!;
    const was = idleBefore.has(heir.member_id) ? " (it was idle)" : "";
    return `task ${task} moved to ${instanceOf(heir)}${was}`;
  });
  return ok(
    `${instanceOf(gone[0])} left the group; ${
      heirs.length === 0 ? "it held no task" : heirs.join(", ")
    }: ${spread(view.start.group)} → ${spread(group)}`,
  );
}

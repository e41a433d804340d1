/** The processor group's members as a lab shows them: processes (instance ids) and the partition indices they own. */
import type { GroupView } from "../../lib/kafka_types.ts";

export interface Owner {
  /** The processor's `--instance-id` (from the client id), or the member id. */
  instance: string;
  /** Partition indices of the store topics it owns, sorted. */
  tasks: number[];
}

/** Each member and the store partitions it owns (the processor owns an index on every store topic). */
export function owners(group: GroupView | null): Owner[] {
  const byInstance = new Map<string, Set<number>>();
  for (const m of group?.members ?? []) {
    // A processor with --workers N is N members named <instance>-w<i>.
    const instance = /processor-(.+?)(-w\d+)?$/.exec(m.client_id)?.[1] ??
      m.member_id;
    const tasks = byInstance.get(instance) ?? new Set<number>();
    byInstance.set(instance, tasks);
    for (const parts of Object.values(m.assignment)) {
      for (const p of parts) tasks.add(p);
    }
  }
  return [...byInstance].map(([instance, tasks]) => ({
    instance,
    tasks: [...tasks].sort((a, b) => a - b),
  })).sort((a, b) => a.instance.localeCompare(b.instance));
}

/** `proc-a 0,2 + proc-b 1`, or `nobody`. */
export function describeOwners(list: Owner[]): string {
  if (list.length === 0) return "nobody";
  return list.map((o) => `${o.instance} ${o.tasks.join(",") || "(idle)"}`)
    .join(" + ");
}

/** The partition indices of the store topics, from the lag view. */
export function storeIndices(group: GroupView | null): number[] {
  return [...new Set((group?.lag ?? []).map((p) => p.partition))].sort((a, b) =>
    a - b
  );
}

/** True when the stable group's members together own every index. */
export function allOwned(group: GroupView | null): boolean {
  if (group?.state !== "Stable") return false;
  const owned = new Set(owners(group).flatMap((o) => o.tasks));
  const all = storeIndices(group);
  return all.length > 0 && all.every((p) => owned.has(p));
}

/** Records committed by the group over every store partition. */
export function committedTotal(group: GroupView | null): number {
  return (group?.lag ?? []).reduce((s, p) => s + (p.committed ?? 0), 0);
}

/**
 * Which member owns which task (partition index): balanced, and sticky so a
 * rebalance moves as few tasks (and their state) as possible.
 */

export interface MemberTasks {
  memberId: string;
  /** Tasks the member owned before this rebalance (from its join metadata). */
  owned: readonly number[];
}

/**
 * Gives each member ⌊n/m⌋ or ⌈n/m⌉ of the `taskCount` tasks. A member keeps
 * the tasks it already owned up to its quota; the rest go to members below
 * their quota, in member id order, so every member computes the same answer.
 */
export function assignTasks(
  members: readonly MemberTasks[],
  taskCount: number,
): Map<string, number[]> {
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0
  );
  const result = new Map<string, number[]>(sorted.map((m) => [m.memberId, []]));
  if (sorted.length === 0) return result;
  const base = Math.floor(taskCount / sorted.length);
  let extra = taskCount % sorted.length;
  const quota = new Map<string, number>();
  // Members that already hold more tasks get the larger quotas first.
  const byOwned = [...sorted].sort((a, b) => b.owned.length - a.owned.length);
  for (const member of byOwned) {
    quota.set(member.memberId, base + (extra > 0 ? 1 : 0));
    if (extra > 0) extra--;
  }
  const taken = new Set<number>();
  for (const member of sorted) {
    const mine = result.get(member.memberId)!;
    for (const task of [...member.owned].sort((a, b) => a - b)) {
      if (task < 0 || task >= taskCount || taken.has(task)) continue;
      if (mine.length >= quota.get(member.memberId)!) break;
      mine.push(task);
      taken.add(task);
    }
  }
  let cursor = 0;
  for (let task = 0; task < taskCount; task++) {
    if (taken.has(task)) continue;
    while (
      result.get(sorted[cursor].memberId)!.length >=
        quota.get(sorted[cursor].memberId)!
    ) cursor++;
    result.get(sorted[cursor].memberId)!.push(task);
  }
  for (const tasks of result.values()) tasks.sort((a, b) => a - b);
  return result;
}

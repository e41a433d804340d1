/** Where a task starts: the extent of its changelog partition, and input positions without one. */
import type { Admin } from "kafkajs";
import { committedOffsets, partitionOffsets } from "../../shared/offsets.ts";

/** The changelog partition's first offset and the end to restore up to. */
export async function changelogRange(
  admin: Admin,
  changelogTopic: string,
  task: number,
): Promise<{ low: number; end: number }> {
  const range = (await partitionOffsets(admin, changelogTopic))[task];
  return { low: range?.low ?? 0, end: range?.high ?? 0 };
}

export interface StartingPositions {
  positions: number[];
  /** The group's committed offset per topic, or null where it has none. */
  committed: (number | null)[];
  /** Each topic partition's first offset. */
  lows: number[];
  /** True when the group had committed progress although no state was saved. */
  committedWithoutState: boolean;
}

/** Without a changelog: the group's committed offsets, else each partition's first offset. */
export async function startingPositions(
  admin: Admin,
  options: { groupId: string; topics: string[]; task: number },
): Promise<StartingPositions> {
  const { groupId, topics, task } = options;
  const committed = await committedOffsets(admin, groupId, topics);
  const positions: number[] = [];
  const found: (number | null)[] = [];
  const lows: number[] = [];
  let committedWithoutState = false;
  for (const topic of topics) {
    const low = (await partitionOffsets(admin, topic))[task]?.low ?? 0;
    const offset = committed.get(topic)?.get(task);
    lows.push(low);
    found.push(offset ?? null);
    positions.push(offset ?? low);
    if (offset !== undefined && offset > 0) committedWithoutState = true;
  }
  return { positions, committed: found, lows, committedWithoutState };
}

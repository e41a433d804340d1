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
  let committedWithoutState = false;
  for (const topic of topics) {
    const offset = committed.get(topic)?.get(task);
    if (offset !== undefined) {
      positions.push(offset);
      if (offset > 0) committedWithoutState = true;
      continue;
    }
    positions.push((await partitionOffsets(admin, topic))[task]?.low ?? 0);
  }
  return { positions, committedWithoutState };
}

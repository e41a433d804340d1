/** What `deno task offsets` reads from the broker before it plans. */
import type { Admin } from "kafkajs";
import { committedOffsets, partitionOffsets } from "../../shared/offsets.ts";
import type { OffsetAction, PartitionState } from "./plan.ts";

export async function readPartitionStates(
  admin: Admin,
  options: { groupId: string; topics: string[]; action: OffsetAction },
): Promise<PartitionState[]> {
  const { groupId, topics, action } = options;
  const committed = await committedOffsets(admin, groupId, topics);
  const states: PartitionState[] = [];
  for (const topic of topics) {
    const ranges = await partitionOffsets(admin, topic);
    const atTime = new Map<number, number | null>();
    if (action.kind === "to-datetime") {
      for (
        const o of await admin.fetchTopicOffsetsByTimestamp(topic, action.time)
      ) {
        const offset = Number(o.offset);
        atTime.set(o.partition, offset >= 0 ? offset : null);
      }
    }
    ranges.forEach((range, partition) => {
      states.push({
        topic,
        partition,
        committed: committed.get(topic)?.get(partition) ?? null,
        low: range.low,
        high: range.high,
        atTime: atTime.get(partition),
      });
    });
  }
  return states;
}

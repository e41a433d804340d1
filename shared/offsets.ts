/** Offsets read from the broker: per-partition first and end offsets, and a group's committed offsets. */
import type { Admin } from "kafkajs";

export interface PartitionRange {
  /** First offset still in the log. */
  low: number;
  /** The high watermark: the offset the next record will get. */
  high: number;
}

/** First and end offset of every partition of `topic`, indexed by partition. */
export async function partitionOffsets(
  admin: Admin,
  topic: string,
): Promise<PartitionRange[]> {
  const ranges: PartitionRange[] = [];
  for (const o of await admin.fetchTopicOffsets(topic)) {
    ranges[o.partition] = { low: Number(o.low), high: Number(o.high) };
  }
  return ranges;
}

/**
 * The offsets `groupId` has committed on `topics`, by topic and partition;
 * a partition without a commit is absent.
 */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topics: string[],
): Promise<Map<string, Map<number, number>>> {
  const result = new Map<string, Map<number, number>>();
  for (
    const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })
  ) {
    const byPartition = new Map<number, number>();
    for (const p of partitions) {
      const offset = Number(p.offset);
      if (offset >= 0) byPartition.set(p.partition, offset);
    }
    result.set(topic, byPartition);
  }
  return result;
}

/** Consumer lag of a group over topics: high watermark minus committed offset, summed. */
import type { Admin } from "kafkajs";

export interface PartitionOffsets {
  topic: string;
  partition: number;
  high: number;
  /** Committed offset, or -1 when the group has committed nothing there. */
  committed: number;
}

/** Total lag; a partition without a commit lags by everything since its low end (taken as 0). */
export function totalLag(offsets: readonly PartitionOffsets[]): number {
  return offsets.reduce(
    (sum, o) => sum + Math.max(0, o.high - Math.max(0, o.committed)),
    0,
  );
}

/** Reads the offsets of `groupId` on `topics` from the broker. */
export async function fetchLag(
  admin: Admin,
  groupId: string,
  topics: string[],
): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  const offsets: PartitionOffsets[] = [];
  for (const topic of topics) {
    const highs = await admin.fetchTopicOffsets(topic);
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const { partition, high } of highs) {
      offsets.push({
        topic,
        partition,
        high: Number(high),
        committed: Number(
          mine.find((p) => p.partition === partition)?.offset ?? -1,
        ),
      });
    }
  }
  return totalLag(offsets);
}

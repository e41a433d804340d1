/** One read-only poll of the broker: the processor group, its committed offsets and the input topics' watermarks. */
import type { Admin } from "kafkajs";
import type { GroupSnapshot } from "./group_status.ts";
import type { PartitionReplication } from "./alerts.ts";

export interface GroupPollOptions {
  admin: Admin;
  groupId: string;
  /** The input topics whose every partition is reported. */
  topics: string[];
  now?: () => number;
}

/** Reads a {@linkcode GroupSnapshot}; topics that do not exist (yet) are left out. */
export async function readGroupSnapshot(
  options: GroupPollOptions,
): Promise<GroupSnapshot> {
  const { admin, groupId, topics, now = Date.now } = options;
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  const [groups, offsets, watermarks] = await Promise.all([
    admin.describeGroups([groupId]),
    present.length === 0
      ? []
      : admin.fetchOffsets({ groupId, topics: present }),
    Promise.all(
      present.map(async (topic) =>
        [topic, await admin.fetchTopicOffsets(topic)] as const
      ),
    ),
  ]);
  const committed: GroupSnapshot["committed"] = {};
  for (const { topic, partitions } of offsets) {
    for (const { partition, offset } of partitions) {
      if (Number(offset) >= 0) {
        (committed[topic] ??= {})[partition] = Number(offset);
      }
    }
  }
  const group = groups.groups[0];
  return {
    at: now(),
    groupId,
    state: group?.state ?? "Unknown",
    protocol: group?.protocol ?? "",
    members: group?.members ?? [],
    partitions: watermarks.flatMap(([topic, parts]) =>
      parts.map((p) => ({
        topic,
        partition: p.partition,
        low: Number(p.low),
        high: Number(p.high),
      }))
    ),
    committed,
  };
}

/** Leader, replicas and ISR of every partition of `topics` that exists. */
export async function readReplication(
  admin: Admin,
  topics: string[],
): Promise<PartitionReplication[]> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  if (present.length === 0) return [];
  const { topics: described } = await admin.fetchTopicMetadata({
    topics: present,
  });
  return described.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
    }))
  );
}

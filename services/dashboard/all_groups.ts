/** Every consumer group on the broker with its members, assignment, commits and lag: one read-only admin pass. */
import type { Admin } from "kafkajs";
import { memberView } from "../monitor/group_status.ts";
import type { GroupInfo, GroupPartition } from "../../lib/groups_types.ts";

export interface ReadGroupsOptions {
  admin: Admin;
  /** Groups whose id starts with this are shown; the rest are other runs' (tests). @default "" */
  prefix?: string;
}

/** Reads every group (sorted by id); topics read for end offsets once each. */
export async function readAllGroups(
  options: ReadGroupsOptions,
): Promise<GroupInfo[]> {
  const { admin, prefix = "" } = options;
  const listed = (await admin.listGroups()).groups
    .filter((g) => g.groupId.startsWith(prefix))
    .map((g) => g.groupId)
    .sort();
  if (listed.length === 0) return [];
  const described = (await admin.describeGroups(listed)).groups;
  const existing = new Set(await admin.listTopics());
  const ends = new Map<string, Promise<Map<number, number>>>();
  const endsOf = (topic: string) => {
    let found = ends.get(topic);
    if (!found) {
      found = admin.fetchTopicOffsets(topic).then((parts) =>
        new Map(parts.map((p) => [p.partition, Number(p.high)]))
      );
      ends.set(topic, found);
    }
    return found;
  };
  return await Promise.all(described.map(async (group) => {
    const members = group.members.map((m) =>
      memberView(m, group.protocolType === "consumer")
    );
    const offsets = await admin.fetchOffsets({ groupId: group.groupId });
    const partitions: GroupPartition[] = [];
    for (const { topic, partitions: parts } of offsets) {
      if (!existing.has(topic)) continue;
      const high = await endsOf(topic);
      for (const { partition, offset } of parts) {
        const committed = Number(offset) >= 0 ? Number(offset) : null;
        const end = high.get(partition) ?? 0;
        partitions.push({
          topic,
          partition,
          committed,
          end,
          lag: committed === null ? null : Math.max(0, end - committed),
        });
      }
    }
    partitions.sort((a, b) =>
      a.topic.localeCompare(b.topic) || a.partition - b.partition
    );
    return {
      group_id: group.groupId,
      state: group.state,
      protocol_type: group.protocolType,
      protocol: group.protocol,
      members,
      partitions,
    };
  }));
}

/**
 * The pipeline seen from the broker, as Kafka's own tools see it: the
 * processor group's members and their assignments, and the lag between the
 * group's committed offsets and the store topics' end offsets.
 */
import { type Admin, AssignerProtocol } from "kafkajs";
import { committedOffsets, partitionOffsets } from "../../shared/offsets.ts";

export interface PipelineView {
  state: string;
  members: number;
  /** The members' client ids: a processor's carries its instance id. */
  clients: string[];
  /** Task indices some member owns. */
  owned: number[];
  /** Sum over the store topics' partitions of end offset minus committed offset. */
  lag: number;
}

export async function viewPipeline(
  admin: Admin,
  groupId: string,
  storeTopics: string[],
): Promise<PipelineView> {
  const { groups: [group] } = await admin.describeGroups([groupId]);
  const owned = new Set<number>();
  for (const member of group?.members ?? []) {
    const assignment = AssignerProtocol.MemberAssignment.decode(
      member.memberAssignment,
    );
    for (const p of assignment?.assignment[storeTopics[0]] ?? []) owned.add(p);
  }
  const committed = await committedOffsets(admin, groupId, storeTopics);
  let lag = 0;
  for (const topic of storeTopics) {
    for (
      const [partition, range] of (await partitionOffsets(admin, topic))
        .entries()
    ) {
      lag += range.high - (committed.get(topic)?.get(partition) ?? range.low);
    }
  }
  return {
    state: group?.state ?? "Dead",
    members: group?.members.length ?? 0,
    clients: (group?.members ?? []).map((m) => m.clientId),
    owned: [...owned].sort((a, b) => a - b),
    lag,
  };
}

export interface Membership {
  /** Instances that must be members (started ones). */
  present: readonly string[];
  /** Instances that must no longer be members (killed or removed). */
  gone: readonly string[];
}

/**
 * Every task owned by a member of a stable group whose members are exactly
 * what the drill expects, and lag under `maxLag`.
 */
export function recovered(
  view: PipelineView,
  tasks: number,
  maxLag: number,
  members: Membership = { present: [], gone: [] },
): boolean {
  const isMember = (id: string) =>
    view.clients.some((client) => client.endsWith(`-${id}`));
  return view.state === "Stable" && view.owned.length === tasks &&
    view.lag < maxLag && members.present.every(isMember) &&
    !members.gone.some(isMember);
}

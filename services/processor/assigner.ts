/**
 * A KafkaJS partition assigner for co-partitioned topics: a member that owns
 * task p gets partition p of every subscribed topic, so one instance sees all
 * of a user's events (and the task's changelog partition).
 */
import { Buffer } from "node:buffer";
import { AssignerProtocol, type PartitionAssigner } from "kafkajs";
import { assignTasks } from "./assign_tasks.ts";

export const ASSIGNER_NAME = "CoPartitionedSticky";

interface UserData {
  owned: number[];
}

function decodeOwned(userData: Buffer | undefined): number[] {
  if (!userData || userData.length === 0) return [];
  try {
    const parsed = JSON.parse(userData.toString("utf8")) as UserData;
    return Array.isArray(parsed.owned) ? parsed.owned.map(Number) : [];
  } catch {
    return [];
  }
}

/** `owned()` reports the tasks this member holds now; it rides along in the join request. */
export function coPartitionedAssigner(
  owned: () => number[],
): PartitionAssigner {
  return ({ cluster }) => ({
    name: ASSIGNER_NAME,
    version: 1,
    assign({ members, topics }) {
      const taskCount = Math.min(
        ...topics.map((topic) =>
          cluster.findTopicPartitionMetadata(topic).length
        ),
      );
      const plan = assignTasks(
        members.map(({ memberId, memberMetadata }) => ({
          memberId,
          owned: decodeOwned(
            AssignerProtocol.MemberMetadata.decode(memberMetadata)?.userData,
          ),
        })),
        taskCount,
      );
      return Promise.resolve(
        [...plan].map(([memberId, tasks]) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 1,
            assignment: Object.fromEntries(
              topics.map((topic) => [topic, tasks]),
            ),
            userData: Buffer.alloc(0),
          }),
        })),
      );
    },
    protocol({ topics }) {
      return {
        name: ASSIGNER_NAME,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 1,
          topics,
          userData: Buffer.from(JSON.stringify({ owned: owned() })),
        }),
      };
    },
  });
}

/** A group member's assignment bytes, decoded for people. Pure. */
import { Buffer } from "node:buffer";
import { AssignerProtocol } from "kafkajs";

/**
 * Decodes a member's assignment. The processor uses its own assigner, so the
 * bytes may not follow the standard layout: anything undecodable is reported,
 * never thrown.
 */
export function decodeAssignment(
  bytes: Buffer | Uint8Array | null | undefined,
): { assignment: Record<string, number[]> } | { error: string } {
  if (!bytes || bytes.length === 0) return { assignment: {} };
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(
      Buffer.from(bytes),
    );
    const assignment = decoded?.assignment;
    if (!assignment || typeof assignment !== "object") {
      return { error: "assignment is empty or malformed" };
    }
    const out: Record<string, number[]> = {};
    for (const [topic, partitions] of Object.entries(assignment)) {
      if (
        !Array.isArray(partitions) ||
        !partitions.every((p) => Number.isInteger(p) && p >= 0)
      ) {
        return { error: `assignment for ${topic} is not a partition list` };
      }
      out[topic] = [...partitions].sort((a, b) => a - b);
    }
    return { assignment: out };
  } catch (error) {
    return {
      error: `cannot decode assignment: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
}

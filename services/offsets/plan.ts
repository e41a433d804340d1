/**
 * Where `deno task offsets` moves a group's committed offsets: pure
 * arithmetic over what the broker said (committed, first and end offsets,
 * and the offsets for a time), clamped to what the log holds.
 */
import type { OffsetMove } from "../../shared/group_offsets.ts";

export type OffsetAction =
  | { kind: "to-earliest" }
  | { kind: "to-latest" }
  | { kind: "to-offset"; offset: number }
  | { kind: "shift-by"; by: number }
  | { kind: "to-datetime"; time: number };

export interface PartitionState {
  topic: string;
  partition: number;
  /** The group's committed offset, or null when it never committed here. */
  committed: number | null;
  low: number;
  high: number;
  /** For `to-datetime`: the first offset with a timestamp at or after it (ListOffsets), or null when none. */
  atTime?: number | null;
}

export interface PlannedMove extends PartitionState {
  target: number;
}

/** The moves as the broker takes them (see shared/group_offsets.ts). */
export function offsetMoves(moves: readonly PlannedMove[]): OffsetMove[] {
  return moves.map((m) => ({
    topic: m.topic,
    partition: m.partition,
    offset: String(m.target),
  }));
}

function clamp(offset: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, offset));
}

/** The target of every partition; a partition never committed shifts from its first offset. */
export function planOffsets(
  partitions: readonly PartitionState[],
  action: OffsetAction,
): PlannedMove[] {
  return partitions.map((p) => {
    const from = p.committed ?? p.low;
    let target: number;
    switch (action.kind) {
      case "to-earliest":
        target = p.low;
        break;
      case "to-latest":
        target = p.high;
        break;
      case "to-offset":
        target = action.offset;
        break;
      case "shift-by":
        target = from + action.by;
        break;
      case "to-datetime":
        // No record at or after the time: the end, as Kafka's tool does.
        target = p.atTime ?? p.high;
        break;
    }
    return { ...p, target: clamp(target, p.low, p.high) };
  });
}

/** The before/after table the tool prints. */
export function formatPlan(moves: readonly PlannedMove[]): string {
  const rows = moves.map((m) => [
    m.topic,
    String(m.partition),
    m.committed === null ? "-" : String(m.committed),
    String(m.target),
    `${m.low}..${m.high}`,
  ]);
  const header = ["topic", "partition", "committed", "new", "log"];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => r[i].length))
  );
  return [header, ...rows].map((r) =>
    r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()
  ).join("\n");
}

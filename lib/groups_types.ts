/** The shapes of the groups page and `GET /api/groups`: every consumer group, from the broker. */
import type { MemberView } from "./kafka_types.ts";

export interface GroupPartition {
  topic: string;
  partition: number;
  /** The group's committed offset; null when it never committed here. */
  committed: number | null;
  /** The partition's high watermark. */
  end: number;
  /** `end − committed`; null without a commit. */
  lag: number | null;
}

export interface GroupInfo {
  group_id: string;
  state: string;
  protocol_type: string;
  protocol: string;
  members: MemberView[];
  partitions: GroupPartition[];
}

/** One sample of a group's lag on one topic. */
export interface LagPoint {
  t: number;
  lag: number;
}

export interface TopicLagHistory {
  topic: string;
  points: LagPoint[];
  /** Milliseconds until the lag clears at the recent net rate; null when it is not shrinking. */
  clear_in_ms: number | null;
  /** Net records per second the lag fell by, over the last minute (negative: it grows). */
  drain_per_s: number | null;
}

export interface GroupsView {
  /** Epoch ms of the broker read. */
  at: number | null;
  error: string | null;
  groups: GroupInfo[];
  /** Lag history per group id. */
  history: Record<string, TopicLagHistory[]>;
}

/** The shape of `GET /api/kafka`: the Kafka side of the playground. */

export interface PartitionView {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  low: number;
  high: number;
}

export interface TopicView {
  name: string;
  retention_ms: number | null;
  partitions: PartitionView[];
}

export interface MemberView {
  member_id: string;
  client_id: string;
  client_host: string;
  /** Partitions per topic; empty when the assignment could not be decoded. */
  assignment: Record<string, number[]>;
  /** Why the assignment could not be decoded, if it could not. */
  assignment_error?: string;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read; null when it has committed nothing. */
  committed: number | null;
  low: number;
  high: number;
  /** `high - committed`, or `high - low` when nothing was committed. */
  lag: number;
  /** Member id of the owner, if any member holds it. */
  owner: string | null;
  /** Epoch ms since when the partition has had lag and no committed progress; null while it has none or moves. */
  stuck_since: number | null;
  /** Lag and no committed progress for the stall window. */
  stalled: boolean;
  /** No member owns it while the group is stable and has members. */
  unowned: boolean;
}

/** The processor group as the broker sees it, from one poll. */
export interface GroupView {
  group_id: string;
  state: string;
  protocol: string;
  members: MemberView[];
  /** Every partition of the input topics. */
  lag: PartitionLag[];
  total_lag: number;
  /** Epoch ms of the poll these figures come from. */
  polled_at: number;
  /** Records per second committed by the group over the rate window; null until two polls. */
  consumed_per_s: number | null;
  /** Records per second appended to the input topics over the rate window; null until two polls. */
  produced_per_s: number | null;
}

export interface KafkaOverview {
  generated_at: string;
  brokers: { node_id: number; host: string; port: number }[];
  controller: number | null;
  topics: TopicView[];
  /** The latest poll of the processor group; null before the first. */
  group: GroupView | null;
}

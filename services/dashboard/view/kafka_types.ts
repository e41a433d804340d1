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
  high: number;
  lag: number;
  /** Member id of the owner, if any member holds it. */
  owner: string | null;
}

export interface GroupView {
  group_id: string;
  state: string;
  protocol: string;
  members: MemberView[];
  lag: PartitionLag[];
  total_lag: number;
}

export interface KafkaOverview {
  generated_at: string;
  brokers: { node_id: number; host: string; port: number }[];
  controller: number | null;
  topics: TopicView[];
  group: GroupView;
}

/** The processor's consumer settings: its group, the co-partitioning assigner, bounded fetches, read_committed. */
import type { ConsumerConfig } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import { coPartitionedAssigner } from "./assigner.ts";

export function consumerConfig(
  config: Config,
  groupId: string,
  owned: () => number[],
  heartbeatMs = 3_000,
): ConsumerConfig {
  const session = config.PROCESSOR_SESSION_TIMEOUT_MS;
  return {
    groupId,
    partitionAssigners: [coPartitionedAssigner(owned)],
    allowAutoTopicCreation: false,
    sessionTimeout: session,
    // Members rejoin at their next fetch or heartbeat: no need to wait long.
    rebalanceTimeout: Math.max(10_000, session),
    heartbeatInterval: Math.min(heartbeatMs, session / 3),
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
    maxWaitTimeInMs: 250,
    readUncommitted: false,
  };
}

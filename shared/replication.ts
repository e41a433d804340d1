/**
 * How many copies each topic gets: KAFKA_REPLICATION_FACTOR when set, else
 * decided by the cluster that answers, so that `deno task topics` against a
 * three-broker cluster replicates without being told to.
 */
import type { Admin } from "kafkajs";

/** The factor for a cluster of `brokers` brokers: 3 once three answer, else 1. */
export function defaultReplicationFactor(
  brokers: number,
  configured?: number,
): number {
  return configured ?? (brokers >= 3 ? 3 : 1);
}

/**
 * The factor to create topics with at the cluster `admin` talks to: the
 * configured one, or {@linkcode defaultReplicationFactor} of the brokers it
 * describes.
 */
export async function clusterReplicationFactor(
  admin: Admin,
  configured?: number,
): Promise<number> {
  if (configured !== undefined) return configured;
  const { brokers } = await admin.describeCluster();
  return defaultReplicationFactor(brokers.length);
}

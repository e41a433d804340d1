/** Which partition a key goes to, as KafkaJS's default (Java-compatible murmur2) partitioner picks it. */
import { Partitioners } from "kafkajs";

/**
 * A function from key to partition for a topic of `partitionCount`
 * partitions, remembered per key: keys repeat, and hashing every record
 * showed in profiles.
 */
export function createPartitionCache(
  partitionCount: number,
): (key: string) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from(
    { length: partitionCount },
    (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }),
  );
  const cache = new Map<string, number>();
  return function partitionOf(key: string): number {
    let partition = cache.get(key);
    if (partition === undefined) {
      partition = partitioner({
        topic: "",
        partitionMetadata,
        message: { key, value: null },
      });
      cache.set(key, partition);
    }
    return partition;
  };
}

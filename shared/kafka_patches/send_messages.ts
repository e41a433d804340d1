/**
 * KafkaJS 2.2.4's send (`producer/sendMessages.js`) remembers which brokers
 * answered, not which partitions: when a leader dies mid-send and its
 * partitions move to a broker that already answered for its own, the retry
 * skips them and the send resolves as if every record had been written
 * (found by tests/integration/cluster_failover.ts: acknowledged events
 * missing from the topic after a leader's kill -9). This version remembers
 * the partitions the brokers acknowledged and sends the others again, to
 * whichever broker leads them now; it waits for every request of an attempt
 * before retrying, so no partition is ever in flight twice.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const KAFKAJS_SEND_MESSAGES_PATH = require.resolve(
  "kafkajs/src/producer/sendMessages.js",
);

// KafkaJS's internals are untyped; the shapes used here are KafkaJS 2.2.4's.
// deno-lint-ignore no-explicit-any
type Any = any;

interface PartitionEntry {
  partition: number;
  messages: unknown[];
  firstSequence?: number;
}

interface TopicData {
  topic: string;
  partitions: PartitionEntry[];
}

/** Drop-in for KafkaJS's `createSendMessages({ logger, cluster, partitioner, eosManager, retrier })`. */
export function createSendMessages(
  { logger, cluster, partitioner, eosManager, retrier }: Any,
) {
  // Loaded when a producer is made, after the patches are planted, so the
  // patched grouping is the one used.
  const { KafkaJSMetadataNotLoaded } = require("kafkajs/src/errors");
  const { staleMetadata } = require("kafkajs/src/protocol/error");
  const groupMessagesPerPartition = require(
    "kafkajs/src/producer/groupMessagesPerPartition",
  );
  const createTopicData = require("kafkajs/src/producer/createTopicData");
  const responseSerializer = require(
    "kafkajs/src/producer/responseSerializer",
  );

  return async function sendMessages(
    { acks, timeout, compression, topicMessages }: Any,
  ) {
    /** Acknowledged partitions ("topic\0partition") and the broker's answer for each. */
    const done = new Map<string, Any>();

    async function produceTo(nodeId: string, forBroker: Any[]) {
      const broker = await cluster.findBroker({ nodeId });
      const topicData: TopicData[] = createTopicData(forBroker);
      await eosManager.acquireBrokerLock(broker);
      try {
        if (eosManager.isTransactional()) {
          await eosManager.addPartitionsToTransaction(topicData);
        }
        const each = (fn: (topic: string, entry: PartitionEntry) => void) =>
          topicData.forEach(({ topic, partitions }) =>
            partitions.forEach((entry) => fn(topic, entry))
          );
        each((topic, entry) => {
          entry.firstSequence = eosManager.getSequence(topic, entry.partition);
          eosManager.updateSequence(
            topic,
            entry.partition,
            entry.messages.length,
          );
        });
        let response;
        try {
          response = await broker.produce({
            transactionalId: eosManager.isTransactional()
              ? eosManager.getTransactionalId()
              : undefined,
            producerId: eosManager.getProducerId(),
            producerEpoch: eosManager.getProducerEpoch(),
            acks,
            timeout,
            compression,
            topicData,
          });
        } catch (error) {
          each((topic, entry) =>
            eosManager.updateSequence(
              topic,
              entry.partition,
              -entry.messages.length,
            )
          );
          throw error;
        }
        const answers = acks !== 0 ? responseSerializer(response) : [];
        each((topic, entry) => {
          const answer = answers.find((a: Any) =>
            a.topicName === topic && a.partition === Number(entry.partition)
          );
          done.set(`${topic}\0${entry.partition}`, answer);
        });
      } finally {
        await eosManager.releaseBrokerLock(broker);
      }
    }

    async function attempt() {
      await cluster.refreshMetadataIfNecessary();
      const perBroker = new Map<string, Any[]>();
      for (const { topic, messages } of topicMessages) {
        const partitionMetadata = cluster.findTopicPartitionMetadata(topic);
        if (partitionMetadata.length === 0) {
          throw new KafkaJSMetadataNotLoaded(
            "Producing to topic without metadata",
          );
        }
        const messagesPerPartition = groupMessagesPerPartition({
          topic,
          partitionMetadata,
          messages,
          partitioner,
        });
        const pending = Object.keys(messagesPerPartition).filter((p) =>
          !done.has(`${topic}\0${p}`)
        );
        if (pending.length === 0) continue;
        const perLeader = cluster.findLeaderForPartitions(topic, pending);
        for (const [nodeId, partitions] of Object.entries(perLeader)) {
          const list = perBroker.get(nodeId) ?? [];
          list.push({ topic, partitions, messagesPerPartition });
          perBroker.set(nodeId, list);
        }
      }
      const results = await Promise.allSettled(
        [...perBroker].map(([nodeId, forBroker]) =>
          produceTo(nodeId, forBroker)
        ),
      );
      const failed = results.find((r) => r.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
      return [...done.values()].filter((answer) => answer !== undefined);
    }

    return await retrier(
      async (bail: Any, retryCount: number, retryTime: number) => {
        await cluster.addMultipleTargetTopics(
          topicMessages.map(({ topic }: Any) => topic),
        );
        try {
          return await attempt();
        } catch (e) {
          const error = e as Any;
          if (error.name === "KafkaJSConnectionClosedError") {
            cluster.removeBroker({ host: error.host, port: error.port });
          }
          if (!cluster.isConnected()) {
            logger.debug(
              `Cluster has disconnected, reconnecting: ${error.message}`,
              { retryCount, retryTime },
            );
            await cluster.connect();
            await cluster.refreshMetadata();
            throw error;
          }
          if (
            staleMetadata(error) ||
            error.name === "KafkaJSMetadataNotLoaded" ||
            error.name === "KafkaJSConnectionError" ||
            error.name === "KafkaJSConnectionClosedError" ||
            (error.name === "KafkaJSProtocolError" && error.retriable)
          ) {
            logger.error(`Failed to send messages: ${error.message}`, {
              retryCount,
              retryTime,
            });
            await cluster.refreshMetadata();
            throw error;
          }
          logger.error(`${error.message}`, { retryCount, retryTime });
          if (error.retriable) throw error;
          bail(error);
        }
      },
    );
  };
}

import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  createSendMessages,
  KAFKAJS_SEND_MESSAGES_PATH,
} from "../../../../shared/kafka_patches/send_messages.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/**
 * Two partitions: 0 led by broker 1, 1 led by broker 3. Broker 3 dies on the
 * first request; after the metadata refresh partition 1 is led by broker 1,
 * which has already answered for partition 0.
 */
function rig() {
  const leaders = new Map([[0, 1], [1, 3]]);
  const requests: { broker: number; partitions: number[] }[] = [];
  let broker3Up = true;
  const broker = (nodeId: number) => ({
    nodeId,
    produce({ topicData }: Any) {
      const partitions = topicData[0].partitions.map((p: Any) => p.partition);
      requests.push({ broker: nodeId, partitions: partitions.map(Number) });
      if (nodeId === 3 && broker3Up) {
        broker3Up = false;
        const error = new Error("Connection error: read ECONNRESET");
        error.name = "KafkaJSConnectionError";
        return Promise.reject(error);
      }
      return Promise.resolve({
        topics: [{
          topicName: "t",
          partitions: partitions.map((partition: number) => ({
            partition: Number(partition),
            errorCode: 0,
            baseOffset: "0",
          })),
        }],
      });
    },
  });
  const brokers = new Map([1, 2, 3].map((id) => [id, broker(id)]));
  const cluster = {
    refreshMetadataIfNecessary: () => Promise.resolve(),
    refreshMetadata() {
      leaders.set(1, 1);
      return Promise.resolve();
    },
    addMultipleTargetTopics: () => Promise.resolve(),
    isConnected: () => true,
    removeBroker() {},
    findTopicPartitionMetadata: () =>
      [0, 1].map((partitionId) => ({
        partitionId,
        leader: leaders.get(partitionId),
      })),
    findLeaderForPartitions(_topic: string, partitions: string[]) {
      const out: Record<string, number[]> = {};
      for (const p of partitions) {
        (out[leaders.get(Number(p))!] ??= []).push(Number(p));
      }
      return out;
    },
    findBroker: ({ nodeId }: Any) =>
      Promise.resolve(brokers.get(Number(nodeId))),
  };
  const sequences = new Map<string, number>();
  const eosManager = {
    isTransactional: () => false,
    acquireBrokerLock: () => Promise.resolve(),
    releaseBrokerLock: () => Promise.resolve(),
    getProducerId: () => 1,
    getProducerEpoch: () => 0,
    getTransactionalId: () => undefined,
    getSequence: (t: string, p: number) => sequences.get(`${t}:${p}`) ?? 0,
    updateSequence(t: string, p: number, n: number) {
      sequences.set(`${t}:${p}`, (sequences.get(`${t}:${p}`) ?? 0) + n);
    },
  };
  const retrier = async (fn: Any) => {
    for (let attempt = 0;; attempt++) {
      try {
        return await fn(() => {}, attempt, 0);
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };
  const logger = { debug() {}, error() {} };
  const send = createSendMessages({
    logger,
    cluster,
    partitioner: ({ message }: Any) => message.partition,
    eosManager,
    retrier,
  });
  return { send, requests, sequences };
}

Deno.test("createSendMessages() resends a dead leader's partitions to their new leader even when it already answered", async () => {
  const { send, requests, sequences } = rig();
  const answers = await send({
    acks: -1,
    timeout: 30_000,
    topicMessages: [{
      topic: "t",
      messages: [{ value: "a", partition: 0 }, { value: "b", partition: 1 }],
    }],
  });
  assert.deepEqual(requests, [
    { broker: 1, partitions: [0] },
    { broker: 3, partitions: [1] },
    // KafkaJS 2.2.4 skips this one: broker 1 had answered.
    { broker: 1, partitions: [1] },
  ]);
  assert.deepEqual(
    answers.map((a: Any) => a.partition).sort(),
    [0, 1],
  );
  // The failed request's sequence was rolled back and used again once.
  assert.equal(sequences.get("t:1"), 1);
  assert.equal(sequences.get("t:0"), 1);
});

Deno.test("installKafkaPatches() makes KafkaJS's producer load the patched send", () => {
  const require = createRequire(import.meta.url);
  assert.equal(require(KAFKAJS_SEND_MESSAGES_PATH), createSendMessages);
});

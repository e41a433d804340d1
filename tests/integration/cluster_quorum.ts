/**
 * Two of three brokers down on a cluster of the test's own: an acks=all
 * write must fail loudly (not enough in-sync replicas) rather than be
 * acknowledged by one copy, and resume once a second broker is back.
 */
import assert from "node:assert/strict";
import { createProducer, kafkaProblem } from "../../shared/kafka.ts";
import { pollUntil } from "../../shared/poll.ts";
import { consoleConsumerValues } from "../../services/broker/tools.ts";
import { hasJava, startRig } from "./cluster_fixture.ts";

Deno.test({
  name:
    "with two of three brokers down an acks=all write fails as not-enough-replicas, and resumes with nothing acknowledged lost when one is back",
  ignore: !hasJava,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const rig = await startRig("quorum.");
    const { cluster, kafka, admin } = rig;
    const topic = rig.names.store[0];
    // Few, quick retries: the test wants the error, not KafkaJS's patience.
    const producer = createProducer(kafka, {
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    const acknowledged: string[] = [];
    const failures = new Map<string, number>();
    let next = 0;
    async function send(): Promise<boolean> {
      const value = `event-${next++}`;
      try {
        await producer.send({
          topic,
          acks: -1,
          messages: [{ key: value, value }],
        });
        acknowledged.push(value);
        return true;
      } catch (error) {
        const line = kafkaProblem(error, cluster.brokers);
        failures.set(line, (failures.get(line) ?? 0) + 1);
        return false;
      }
    }
    try {
      await producer.connect();
      for (let i = 0; i < 30; i++) assert.ok(await send());

      await cluster.kill(2);
      await cluster.kill(3);
      // The controller fences the dead brokers and shrinks every ISR to broker
      // 1; from then on each acks=all write is refused.
      await pollUntil(async () => {
        try {
          const { topics } = await admin.fetchTopicMetadata({
            topics: [topic],
          });
          return topics[0].partitions.every((p) =>
            p.leader === 1 && p.isr.length === 1
          );
        } catch {
          return false; // its connection was to a broker now dead
        }
      }, {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: "ISRs of broker 1 alone",
      });
      failures.clear();
      let refused = 0;
      for (let i = 0; i < 5; i++) if (!(await send())) refused++;
      assert.equal(refused, 5, "no write is acknowledged by one replica");
      const lines = [...failures.keys()];
      assert.equal(lines.length, 1, lines.join("\n"));
      assert.match(lines[0], /not enough in-sync replicas/i);
      assert.equal(failures.get(lines[0]), 5);

      await cluster.restart(2);
      await pollUntil(send, {
        timeoutMs: 90_000,
        intervalMs: 500,
        what: "a write to be acknowledged again",
      });
      for (let i = 0; i < 10; i++) assert.ok(await send());

      const read = new Set(
        await consoleConsumerValues(cluster.brokers, topic, {
          idleMs: 8_000,
        }),
      );
      const lost = acknowledged.filter((v) => !read.has(v));
      assert.deepEqual(lost, [], "every acknowledged write is on the topic");
    } finally {
      await producer.disconnect().catch(() => {});
      await rig.close();
    }
  },
});

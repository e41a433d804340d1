import assert from "node:assert/strict";
import { createProducer, RELIABLE_PRODUCER } from "../../shared/kafka.ts";
import { StoreEvent } from "../../shared/schemas/events.ts";
import { CompressionTypes } from "kafkajs";
import { integrationTest, withTestTopics } from "./fixture.ts";

integrationTest(
  "an event produced with snappy round-trips through its topic and validates",
  async () => {
    const t = await withTestTopics("roundtrip");
    const producer = createProducer(t.kafka, RELIABLE_PRODUCER);
    const consumer = t.kafka.consumer({
      groupId: `${t.config.KAFKA_TOPIC_PREFIX}reader`,
    });
    try {
      const event: StoreEvent = {
        event_id: crypto.randomUUID(),
        event_type: "purchase",
        timestamp: "2026-11-22T20:15:00.000Z",
        user_id: "user-000042",
        session_id: "sess-1",
        order_id: "order-1",
        items: [{ game_id: "game-0001", title: "A", price: 19.99 }, {
          game_id: "game-0002",
          title: "B",
          price: 5.01,
        }],
        total: 25,
        currency: "USD",
        payment_method: "card",
      };
      await producer.connect();
      await producer.send({
        topic: t.names.events.purchase,
        acks: -1,
        compression: CompressionTypes.Snappy,
        messages: [{ key: event.user_id, value: JSON.stringify(event) }],
      });
      await consumer.connect();
      await consumer.subscribe({
        topic: t.names.events.purchase,
        fromBeginning: true,
      });
      const received = await new Promise<{ key: string; value: string }>(
        (resolve) => {
          consumer.run({
            eachMessage: ({ message }) => {
              resolve({
                key: String(message.key),
                value: String(message.value),
              });
              return Promise.resolve();
            },
          });
        },
      );
      assert.equal(received.key, event.user_id);
      assert.deepEqual(StoreEvent.parse(JSON.parse(received.value)), event);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await t.cleanup();
    }
  },
);

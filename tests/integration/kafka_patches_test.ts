import assert from "node:assert/strict";
import EncoderModule from "kafkajs/src/protocol/encoder.js";
import { createProducer, RELIABLE_PRODUCER } from "../../shared/kafka.ts";
import { groupingCalls } from "../../shared/kafka_patches/grouping.ts";
import { kafkaPatchesInstalled } from "../../shared/kafka_patches/mod.ts";
import { recordEncoderCalls } from "../../shared/kafka_patches/record_encoder.ts";
import { fastWriters } from "../../shared/kafka_patches/varint.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

// deno-lint-ignore no-explicit-any
const prototype = (EncoderModule as any).prototype;

integrationTest(
  "a real producer.send goes through the patched grouping, record encoder and fast varint writers",
  async () => {
    assert.equal(kafkaPatchesInstalled(), true);
    assert.equal(prototype.writeUVarInt, fastWriters.writeUVarInt);
    const t = await withTestTopics("patches");
    const producer = createProducer(t.kafka, RELIABLE_PRODUCER);
    let varints = 0;
    prototype.writeUVarInt = function (value: number) {
      varints++;
      return fastWriters.writeUVarInt.call(this, value);
    };
    try {
      await producer.connect();
      const before = groupingCalls();
      const recordsBefore = recordEncoderCalls();
      await producer.send({
        topic: t.names.events.game_page_viewed,
        acks: -1,
        messages: Array.from({ length: 100 }, (_, i) => ({
          key: `user-${i}`,
          value: String(i),
        })),
      });
      // Once per attempt: a retry (a new topic's leader moving) groups again.
      assert.ok(groupingCalls() > before, "the send grouped with ours");
      assert.ok(varints >= 100, `only ${varints} varints written`);
      assert.ok(
        recordEncoderCalls() - recordsBefore >= 100,
        "every record was encoded by ours",
      );
    } finally {
      prototype.writeUVarInt = fastWriters.writeUVarInt;
      await producer.disconnect();
      await t.cleanup();
    }
  },
);

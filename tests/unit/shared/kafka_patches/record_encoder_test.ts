import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import DecoderModule from "kafkajs/src/protocol/decoder.js";
import decodeRecordModule from "kafkajs/src/protocol/recordBatch/record/v0/decoder.js";
import {
  encodeRecord,
  originalRecordEncoder,
  type RecordInput,
  VARINT_SLACK,
} from "../../../../shared/kafka_patches/record_encoder.ts";

const original = originalRecordEncoder();
// deno-lint-ignore no-explicit-any
const Decoder = DecoderModule as any;
// deno-lint-ignore no-explicit-any
const decodeRecord = decodeRecordModule as any;

const CASES: [string, RecordInput][] = [
  ["no key, value or headers", {}],
  ["string key and value", { key: "user-7", value: '{"a":1}' }],
  ["null key", { key: null, value: "v" }],
  ["buffer key and value", {
    key: Buffer.from([0, 1, 2]),
    value: Buffer.alloc(3000, 7),
  }],
  ["multi-byte UTF-8", { key: "ünïcødé-🎮", value: "Ärger über Spiele 😀" }],
  ["the producer's headers", {
    offsetDelta: 8191,
    timestampDelta: 12,
    key: "u",
    value: "x".repeat(600),
    headers: {
      event_type: Buffer.from("purchase"),
      schema_version: Buffer.from("1"),
    },
  }],
  ["string and repeated headers", {
    offsetDelta: 3,
    headers: { reason: "bad_json", tag: ["a", "b", "c"], empty: "" },
  }],
  ["large deltas", {
    offsetDelta: 2 ** 30,
    timestampDelta: 1_764_000_000_000,
    value: "v",
  }],
  ["a negative timestamp delta", { timestampDelta: -250, value: "late" }],
];

for (const [name, input] of CASES) {
  Deno.test(`encodeRecord() writes KafkaJS's bytes: ${name}`, () => {
    const ours = encodeRecord(input);
    const theirs = original(input).buffer;
    assert.deepEqual(ours.buf.subarray(0, ours.offset), theirs);
  });
}

Deno.test("encodeRecord() writes into the one buffer it sized: no growth", () => {
  const encoder = encodeRecord({
    key: "user-1",
    value: "y".repeat(5000),
    headers: { event_type: Buffer.from("purchase") },
  });
  assert.equal(encoder.buf.length, encoder.offset + VARINT_SLACK);
});

Deno.test("encodeRecord() writes a null header value as the protocol's null, which KafkaJS reads back", () => {
  const ours = encodeRecord({ key: "k", value: "v", headers: { gone: null } });
  const decoder = new Decoder(ours.buf.subarray(0, ours.offset));
  decoder.readVarInt(); // the record's length
  const record = decodeRecord(decoder, { firstOffset: "0", firstTimestamp: 0 });
  assert.deepEqual(record.headers, { gone: null });
  assert.equal(String(record.value), "v");
});

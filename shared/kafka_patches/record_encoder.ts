/**
 * KafkaJS's record encoder, writing one buffer per record. KafkaJS 2.2.4
 * zero-fills a 512-byte buffer for every record and one more for each of its
 * headers, then copies the headers into the record: a tenth of the
 * producer's time in a profile, most of it allocation and garbage. This
 * writes the same bytes (Kafka's record v2 layout) into one buffer sized for
 * the record. `installKafkaPatches()` puts it into Node's module
 * cache before KafkaJS loads, so KafkaJS's produce request uses it. One
 * difference: a null header value, on which KafkaJS's own sizing throws, is
 * written as the protocol's null (length -1), as its writer would.
 */
import { Buffer } from "node:buffer";
import { createRequire } from "node:module";
import EncoderModule from "kafkajs/src/protocol/encoder.js";

type Bytes = Buffer | string | null | undefined;

interface EncoderInstance {
  buf: Buffer;
  offset: number;
  writeVarInt(value: number): EncoderInstance;
  writeInt8(value: number): EncoderInstance;
  writeVarLong(value: unknown): EncoderInstance;
  writeVarIntBytes(value: Bytes): EncoderInstance;
  writeVarIntString(value: string | null | undefined): EncoderInstance;
}

interface EncoderClass {
  new (initialSize?: number): EncoderInstance;
  sizeOfVarInt(value: number): number;
  sizeOfVarLong(value: unknown): number;
  sizeOfVarIntBytes(value: Bytes): number;
}

const Encoder = EncoderModule as unknown as EncoderClass;

/** What KafkaJS's produce request hands the record encoder. */
export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: unknown;
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
}

/** Bytes a varint writer makes sure it has before writing (5 for 32 bits). */
export const VARINT_SLACK = 5;

let calls = 0;

/** How many records were encoded here: tests prove with it that a real send used it. */
export function recordEncoderCalls(): number {
  return calls;
}

/**
 * One record, Kafka's v2 layout: length, attributes, deltas, key, value, and
 * the headers in KafkaJS's order (keys in order, an array's values in order).
 * Two passes over the headers, sizing then writing, so that a record costs
 * one allocation.
 */
export function encodeRecord(
  { offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }:
    RecordInput,
): EncoderInstance {
  calls++;
  const names = Object.keys(headers);
  let count = 0;
  let headersSize = 0;
  for (const name of names) {
    const nameSize = Encoder.sizeOfVarIntBytes(name);
    const header = headers[name];
    if (Array.isArray(header)) {
      for (const v of header) {
        headersSize += nameSize + Encoder.sizeOfVarIntBytes(v);
      }
      count += header.length;
    } else {
      headersSize += nameSize + Encoder.sizeOfVarIntBytes(header);
      count++;
    }
  }
  const bodySize = 1 + Encoder.sizeOfVarLong(timestampDelta) +
    Encoder.sizeOfVarInt(offsetDelta) + Encoder.sizeOfVarIntBytes(key) +
    Encoder.sizeOfVarIntBytes(value) + Encoder.sizeOfVarInt(count) +
    headersSize;
  // Every byte up to `offset` is written below, and KafkaJS reads no further,
  // so the buffer needs no zero-filling (small ones come from Node's pool).
  // The slack is the room every varint writer asks for before it writes.
  const encoder = Object.create(Encoder.prototype) as EncoderInstance;
  encoder.offset = 0;
  encoder.buf = Buffer.allocUnsafe(
    Encoder.sizeOfVarInt(bodySize) + bodySize + VARINT_SLACK,
  );
  encoder
    .writeVarInt(bodySize)
    .writeInt8(0)
    .writeVarLong(timestampDelta)
    .writeVarInt(offsetDelta)
    .writeVarIntBytes(key)
    .writeVarIntBytes(value)
    .writeVarInt(count);
  for (const name of names) {
    const header = headers[name];
    if (Array.isArray(header)) {
      for (const v of header) {
        encoder.writeVarIntString(name).writeVarIntBytes(v);
      }
    } else {
      encoder.writeVarIntString(name).writeVarIntBytes(header);
    }
  }
  return encoder;
}

const require = createRequire(import.meta.url);

/** Where KafkaJS's own record encoder lives; its cache entry is replaced. */
export const KAFKAJS_RECORD_PATH = require.resolve(
  "kafkajs/src/protocol/recordBatch/record/v0/index.js",
);

/** KafkaJS's own encoder, loaded beside ours for comparison in tests. */
export function originalRecordEncoder(): (input: RecordInput) => {
  buffer: Buffer;
} {
  const path = KAFKAJS_RECORD_PATH;
  const cache = require.cache as Record<string, unknown>;
  const planted = cache[path];
  delete cache[path];
  try {
    return require(path);
  } finally {
    if (planted === undefined) delete cache[path];
    else cache[path] = planted;
  }
}

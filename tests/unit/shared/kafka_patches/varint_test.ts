import assert from "node:assert/strict";
import EncoderModule from "kafkajs/src/protocol/encoder.js";
import {
  installFastVarints,
  originalWriters,
} from "../../../../shared/kafka_patches/varint.ts";

// deno-lint-ignore no-explicit-any
const Encoder = EncoderModule as any;

// deno-lint-ignore no-explicit-any
function bytes(write: (encoder: any) => void): number[] {
  const encoder = new Encoder(1);
  write(encoder);
  return [...encoder.buffer];
}

const VALUES = [
  0,
  1,
  -1,
  63,
  64,
  -64,
  -65,
  127,
  128,
  300,
  -300,
  16383,
  16384,
  2 ** 21,
  2 ** 28 - 1,
  2 ** 30 - 1,
  -(2 ** 30) + 1,
  2 ** 30,
  -(2 ** 30),
  2 ** 31 - 1,
  -(2 ** 31),
  1_764_000_000_000,
  -1_764_000_000_000,
];

Deno.test("installFastVarints() writes the same bytes as KafkaJS", () => {
  installFastVarints();
  for (const value of VALUES) {
    const zigzag = Encoder.encodeZigZag(value);
    assert.deepEqual(
      bytes((e) => Encoder.prototype.writeUVarInt.call(e, zigzag)),
      bytes((e) => originalWriters.writeUVarInt.call(e, zigzag)),
      `varint ${value}`,
    );
    assert.deepEqual(
      bytes((e) => Encoder.prototype.writeVarLong.call(e, value)),
      bytes((e) => originalWriters.writeVarLong.call(e, value)),
      `varlong ${value}`,
    );
    assert.equal(
      Encoder.sizeOfVarLong(value),
      originalWriters.sizeOfVarLong.call(Encoder, value),
      `size of varlong ${value}`,
    );
    assert.equal(
      Encoder.sizeOfVarLong(value),
      bytes((e) => originalWriters.writeVarLong.call(e, value)).length,
      `size of varlong ${value} matches its bytes`,
    );
  }
});

Deno.test("installFastVarints() grows the encoder's buffer as needed", () => {
  installFastVarints();
  const encoder = new Encoder(1);
  for (let i = 0; i < 1000; i++) encoder.writeVarInt(-i * 1000);
  const reference = new Encoder(1);
  for (let i = 0; i < 1000; i++) {
    originalWriters.writeUVarInt.call(
      reference,
      Encoder.encodeZigZag(-i * 1000),
    );
  }
  assert.deepEqual([...encoder.buffer], [...reference.buffer]);
});

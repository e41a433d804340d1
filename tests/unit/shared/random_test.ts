import assert from "node:assert/strict";
import { z } from "zod";
import { createRandom, cumulative } from "../../../shared/random.ts";

function draws(seed: number, n = 50): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
}

Deno.test("createRandom() repeats the same sequence for the same seed", () => {
  assert.deepEqual(draws(42), draws(42));
  const a = createRandom(7), b = createRandom(7);
  assert.deepEqual(
    [a.uuid(), a.int(1, 6), a.pick(["x", "y", "z"]), a.exponential(3)],
    [b.uuid(), b.int(1, 6), b.pick(["x", "y", "z"]), b.exponential(3)],
  );
});

Deno.test("createRandom() gives different sequences for different seeds", () => {
  assert.notDeepEqual(draws(1), draws(2));
  assert.notDeepEqual(draws(0), draws(2 ** 32 - 1));
});

Deno.test("createRandom().next() stays in [0, 1) and looks uniform", () => {
  const values = draws(3, 20_000);
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, String(mean));
});

Deno.test("createRandom().int() covers [min, max] inclusive and nothing else", () => {
  const random = createRandom(4);
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) seen.add(random.int(-2, 3));
  assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2, 3]);
});

Deno.test("createRandom().chance() honours 0 and 1", () => {
  const random = createRandom(5);
  for (let i = 0; i < 100; i++) {
    assert.equal(random.chance(0), false);
    assert.equal(random.chance(1), true);
  }
});

Deno.test("createRandom().weighted() picks indices in proportion to their weights", () => {
  const random = createRandom(6);
  const table = cumulative([1, 0, 3]);
  const counts = [0, 0, 0];
  for (let i = 0; i < 8_000; i++) counts[random.weighted(table)]++;
  assert.equal(counts[1], 0);
  const ratio = counts[2] / counts[0];
  assert.ok(ratio > 2.6 && ratio < 3.4, String(ratio));
});

Deno.test("createRandom().exponential() has the requested mean", () => {
  const random = createRandom(8);
  let sum = 0;
  for (let i = 0; i < 20_000; i++) sum += random.exponential(2);
  assert.ok(Math.abs(sum / 20_000 - 2) < 0.08, String(sum / 20_000));
});

Deno.test("createRandom().uuid() makes version-4 UUIDs that zod accepts", () => {
  const random = createRandom(9);
  const seen = new Set<string>();
  for (let i = 0; i < 1_000; i++) {
    const uuid = random.uuid();
    assert.match(
      uuid,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.equal(z.uuid().safeParse(uuid).success, true, uuid);
    assert.equal(z.uuidv4().safeParse(uuid).success, true, uuid);
    seen.add(uuid);
  }
  assert.equal(seen.size, 1_000);
});

Deno.test("cumulative() returns running sums", () => {
  assert.deepEqual(cumulative([1, 2, 3.5]), [1, 3, 6.5]);
  assert.deepEqual(cumulative([]), []);
});

/** A small, fast, seedable PRNG so that runs and catalogs are reproducible. */

/** A source of uniform numbers in [0, 1), plus the draws the simulation needs. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** An index drawn from a cumulative weight table (see {@linkcode cumulative}). */
  weighted(cumulativeWeights: readonly number[]): number;
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number;
  /** A version-4 UUID built from this generator's draws. */
  uuid(): string;
}

/** Running sums of `weights`, for {@linkcode Random.weighted}. */
export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

const HEX = Array.from(
  { length: 256 },
  (_, i) => i.toString(16).padStart(2, "0"),
);

/** sfc32 seeded through splitmix32: good statistical quality at a few ns a draw. */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const next = () => u32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(cum) {
      const target = next() * cum[cum.length - 1];
      let lo = 0, hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    uuid() {
      // One string concatenation, no arrays: ids are made for every event.
      const a = u32(), b = u32(), c = u32(), d = u32();
      return HEX[a & 255] + HEX[(a >>> 8) & 255] + HEX[(a >>> 16) & 255] +
        HEX[a >>> 24] + "-" + HEX[b & 255] + HEX[(b >>> 8) & 255] + "-" +
        HEX[((b >>> 16) & 0x0f) | 0x40] + HEX[b >>> 24] + "-" +
        HEX[(c & 0x3f) | 0x80] + HEX[(c >>> 8) & 255] + "-" +
        HEX[(c >>> 16) & 255] + HEX[c >>> 24] + HEX[d & 255] +
        HEX[(d >>> 8) & 255] + HEX[(d >>> 16) & 255] + HEX[d >>> 24];
    },
  };
}

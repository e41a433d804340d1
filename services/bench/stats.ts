/** Summaries of repeated measurements: median with min and max, percentiles, trend. */

/** A figure measured several times. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** Median, min and max of `runs`, which must hold at least one finite number. */
export function summarize(runs: readonly number[]): Summary {
  if (runs.length === 0) throw new RangeError("Cannot summarize: no runs");
  if (runs.some((value) => !Number.isFinite(value))) {
    throw new RangeError(`Cannot summarize: not a finite number in ${runs}`);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    runs: [...runs],
  };
}

/**
 * The `p`-th percentile (0..100) of `values` by the nearest-rank method, so
 * that the result is always one of the observed values (p99 of 50 samples is
 * the largest one, not an interpolation).
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new RangeError("Cannot take a percentile: no values");
  }
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`Cannot take a percentile: ${p} is outside 0..100`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Least-squares slope of `y` over `x` (units of y per unit of x); 0 for fewer than two points. */
export function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const { x, y } of points) {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Rounds to `digits` significant decimals for display and JSON, keeping integers whole. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

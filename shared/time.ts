/** Time units every service counts in, and the one reader of durations like `90s`. */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A shopper's session ends after 30 minutes without events, as web analytics count it. */
export const DEFAULT_SESSION_GAP_MS = 30 * MINUTE_MS;

const UNITS: Record<string, number> = {
  ms: 1,
  s: SECOND_MS,
  m: MINUTE_MS,
  h: HOUR_MS,
};

/**
 * Reads `500ms`, `90s`, `10m`, `1h` or a bare number of seconds as
 * milliseconds; `undefined` for anything else, zero included, so that the
 * caller can name its flag in the error.
 *
 * @example
 * ```ts
 * durationMs("10m"); // 600000
 * durationMs("soon"); // undefined
 * ```
 */
export function durationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? "s"] : NaN;
  return ms > 0 ? ms : undefined;
}

/** Event-time arithmetic for one-minute tumbling windows. */

/** Length of every window, milliseconds. */
export const WINDOW_MS = 60_000;

/** A session ends after this much inactivity (simulated time). */
export const SESSION_GAP_MS = 30 * 60_000;

/** Start of the window holding `time` (ms since the epoch). */
export function windowStartOf(time: number): number {
  return Math.floor(time / WINDOW_MS) * WINDOW_MS;
}

/**
 * The close frontier for a watermark: every window whose end is at or before
 * it is closed. Minute-aligned, so an event that is not late is never older
 * than the frontier.
 */
export function frontierFor(maxEventTime: number, latenessMs: number): number {
  return windowStartOf(maxEventTime - latenessMs);
}

/** ISO 8601 UTC with milliseconds, as the metrics contract wants. */
export function iso(time: number): string {
  return new Date(time).toISOString();
}

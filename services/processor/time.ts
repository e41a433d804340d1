/** Event-time arithmetic for one-minute tumbling windows. */

/** Length of every window, milliseconds. */
export const WINDOW_MS = 60_000;

/**
 * A session ends after this much inactivity (event time) unless the task is
 * given another gap (`PROCESSOR_SESSION_GAP_MS`).
 */
export { DEFAULT_SESSION_GAP_MS as SESSION_GAP_MS } from "../../shared/time.ts";

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

/** With every input of a task at its end this long, event time follows the wall clock. */
export const IDLE_AFTER_MS = 5_000;

/** What the idle rule needs to know about a task at one moment. */
export interface IdleInput {
  /** Highest event time applied, or null before the first event. */
  maxEventTime: number | null;
  /** Wall-clock time the task last took a record (or became active). */
  idleSince: number;
  /** Every input partition has reached its last known high watermark. */
  allAtEnd: boolean;
  latenessMs: number;
}

/**
 * The close frontier the wall clock allows for an idle task at `now`, or null
 * while the task is not idle. Once idle, event time runs on from the highest
 * event seen by the wall-clock time since the task last took a record, so the
 * last windows close without new events.
 */
export function idleFrontier(
  input: IdleInput,
  now: number,
  idleAfterMs = IDLE_AFTER_MS,
): number | null {
  const { maxEventTime, idleSince, allAtEnd, latenessMs } = input;
  if (maxEventTime === null || !allAtEnd) return null;
  const idleFor = now - idleSince;
  if (idleFor < idleAfterMs) return null;
  return frontierFor(maxEventTime + idleFor, latenessMs);
}

/** ISO 8601 UTC with milliseconds, as the metrics contract wants. */
export function iso(time: number): string {
  return new Date(time).toISOString();
}

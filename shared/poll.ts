/** Waiting for a condition that sends no event, always with a bound. */
import { TimeoutError } from "./deadline.ts";

export interface PollOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** What is awaited, for the error: "the topic to be deleted". */
  what: string;
  /** Pause between checks. @default 100 */
  intervalMs?: number;
  /** Stops the wait with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Calls `check` until it returns true, pausing `intervalMs` between calls;
 * rejects with a {@linkcode TimeoutError} naming `what` once `timeoutMs` has
 * passed. An error thrown by `check` ends the wait with that error.
 *
 * @example
 * ```ts
 * await pollUntil(async () => !(await admin.listTopics()).includes(name), {
 *   timeoutMs: 10_000,
 *   what: `${name} to be deleted`,
 * });
 * ```
 */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  options: PollOptions,
): Promise<void> {
  const { timeoutMs, what, intervalMs = 100, signal } = options;
  const giveUpAt = performance.now() + timeoutMs;
  while (true) {
    signal?.throwIfAborted();
    if (await check()) return;
    if (performance.now() >= giveUpAt) {
      throw new TimeoutError(
        `Gave up waiting for ${what} after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

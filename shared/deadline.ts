/** Bounding a wait: the one timeout helper, so that no caller hand-rolls `Promise.race`. */

/** The error {@linkcode deadline} rejects with when the time is up. */
export class TimeoutError extends Error {
  override name = "TimeoutError";
}

export interface DeadlineOptions {
  /**
   * The error's message, or a function giving it when the time is up (for a
   * message that reports the state at that moment).
   * @default "Timed out after <ms> ms"
   */
  message?: string | (() => string);
}

/**
 * Settles like `promise`, or rejects with a {@linkcode TimeoutError} once
 * `ms` have passed. The timer is cleared as soon as `promise` settles, so a
 * deadline never keeps the process alive. `promise` itself is not cancelled.
 *
 * @example
 * ```ts
 * await deadline(fetch(url), 5_000, { message: `No answer from ${url}` });
 * ```
 */
export function deadline<T>(
  promise: Promise<T>,
  ms: number,
  options: DeadlineOptions = {},
): Promise<T> {
  const { message = `Timed out after ${ms} ms` } = options;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new TimeoutError(typeof message === "function" ? message() : message),
        ),
      ms,
    );
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/**
 * Waits for `promise` at most `ms`: true when it fulfilled in time, false
 * when the time ran out first. A rejection of `promise` is re-thrown.
 */
export async function settledWithin(
  promise: Promise<unknown>,
  ms: number,
): Promise<boolean> {
  try {
    await deadline(promise, ms);
    return true;
  } catch (error) {
    if (error instanceof TimeoutError) return false;
    throw error;
  }
}

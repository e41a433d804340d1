/**
 * The stall rule: an assigned task that makes no progress (no commit, and not
 * idle with nothing to do) for `timeoutMs` stops the instance, so that a
 * stuck task is not hidden behind a live process that still holds its
 * partitions. Pure: time is passed in. A gap between ticks (the process was
 * suspended) does not count against the tasks.
 */

/** Ticks further apart than this mean the process itself was not running. */
export const SUSPENDED_AFTER_MS = 5_000;

export interface Stall {
  task: number;
  sinceMs: number;
}

export class ProgressWatch {
  readonly #timeoutMs: number;
  readonly #last = new Map<number, number>();
  #lastTick: number | null = null;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** The tasks now assigned; new ones start their clock at `now`. */
  assigned(tasks: readonly number[], now: number) {
    for (const task of [...this.#last.keys()]) {
      if (!tasks.includes(task)) this.#last.delete(task);
    }
    for (const task of tasks) {
      if (!this.#last.has(task)) this.#last.set(task, now);
    }
  }

  progressed(task: number, now: number) {
    if (this.#last.has(task)) this.#last.set(task, now);
  }

  /** The first task stalled at `now`, if any. */
  check(now: number): Stall | null {
    const gap = this.#lastTick === null ? 0 : now - this.#lastTick;
    this.#lastTick = now;
    if (gap > SUSPENDED_AFTER_MS) {
      for (const [task, at] of this.#last) this.#last.set(task, at + gap);
    }
    for (const [task, at] of this.#last) {
      if (now - at >= this.#timeoutMs) return { task, sinceMs: now - at };
    }
    return null;
  }
}

/** The error that stops an instance with a stalled task: what and why, in one line. */
export function stallError(stall: Stall, phase: string): Error {
  return new Error(
    `Cannot make progress: task ${stall.task} made none for ${
      Math.round(stall.sinceMs / 1000)
    } s (${phase}); leaving the group so that another instance can take it`,
  );
}

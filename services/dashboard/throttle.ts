/** Runs a flush at most once per interval, at once when the last run is old enough. */

export interface Throttle {
  /** Asks for a run: now (after the current task) or when the interval allows. */
  schedule(): void;
  /** Cancels a pending run. */
  stop(): void;
}

export function createThrottle(
  run: () => void,
  intervalMs: number,
  now: () => number = Date.now,
): Throttle {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    last = now();
    run();
  };
  return {
    schedule() {
      if (timer !== undefined) return;
      timer = setTimeout(fire, Math.max(0, last + intervalMs - now()));
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

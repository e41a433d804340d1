/** A clock that moves only when a test says so, for code that takes a `Clock`. */
import type { Clock } from "../../shared/clock.ts";

export interface FakeClock extends Clock {
  /** Sets the time `now()` returns. */
  set(ms: number): void;
  /** Runs every callback registered with `every()` and not cancelled, once. */
  tick(): void;
  /** Callbacks registered with `every()` and not cancelled. */
  readonly timers: number;
}

export interface FakeClockOptions {
  /** The time at the start. @default 0 */
  start?: number;
  /**
   * What `sleep(ms)` does; by default it moves the time on by `ms` and
   * resolves at once.
   */
  onSleep?: (ms: number, clock: FakeClock) => void;
}

export function fakeClock(options: FakeClockOptions = {}): FakeClock {
  let time = options.start ?? 0;
  const callbacks = new Set<() => void>();
  const clock: FakeClock = {
    now: () => time,
    set: (ms) => void (time = ms),
    sleep(ms) {
      if (options.onSleep) options.onSleep(ms, clock);
      else time += ms;
      return Promise.resolve();
    },
    every(_ms, fn) {
      const callback = () => fn();
      callbacks.add(callback);
      return () => void callbacks.delete(callback);
    },
    tick: () => [...callbacks].forEach((fn) => fn()),
    get timers() {
      return callbacks.size;
    },
  };
  return clock;
}

/**
 * The `late` scenario: a share of the valid events is held back and sent
 * minutes after it happened, as from a phone that was offline. The event
 * keeps its timestamp; only its place in the stream moves. Pure.
 */
import type { Random } from "../../../shared/random.ts";
import { MINUTE_MS } from "../../../shared/time.ts";

/**
 * The delays are chosen against the processor's allowed lateness
 * (`PROCESSOR_ALLOWED_LATENESS_MS`): an event that arrives at least the
 * lateness plus one window (1 min) behind the newest event is late for
 * certain, so with the default 30 s every delayed event is late; at most
 * 4 minutes, so a lateness of 5 minutes (300000) admits every one of them.
 */
export const LATE = {
  /** Share of the valid events sent late. */
  share: 0.1,
  /** Simulated time between an event and its sending, drawn uniformly. */
  minDelayMs: 2 * MINUTE_MS,
  maxDelayMs: 4 * MINUTE_MS,
} as const;

export interface LateOptions {
  /** @default LATE.share */
  share?: number;
  /** @default LATE.minDelayMs */
  minDelayMs?: number;
  /** @default LATE.maxDelayMs */
  maxDelayMs?: number;
}

export interface Held<T> {
  item: T;
  /** Simulated time it happened, and when it is due to be sent. */
  happenedMs: number;
  dueMs: number;
}

/** Items held back, released in the order they fall due. */
export interface DelayLine<T> {
  /** Holds `item` (which happened at `simMs`) with the scenario's chance; true when held. */
  offer(item: T, simMs: number): boolean;
  /** The held item due earliest, if it is due at or before `simMs`; it leaves the line. */
  release(simMs: number): Held<T> | undefined;
  readonly size: number;
}

/** A delay line drawing from `random`: give it a generator of its own to keep other draws unchanged. */
export function createDelayLine<T>(
  random: Random,
  options: LateOptions = {},
): DelayLine<T> {
  const {
    share = LATE.share,
    minDelayMs = LATE.minDelayMs,
    maxDelayMs = LATE.maxDelayMs,
  } = options;
  if (!(minDelayMs >= 0 && maxDelayMs >= minDelayMs)) {
    throw new RangeError(
      `Cannot delay events: expected 0 <= minDelayMs <= maxDelayMs, got ${minDelayMs} and ${maxDelayMs}`,
    );
  }
  /** Sorted by `dueMs`, earliest first; equal ones keep their order. */
  const line: Held<T>[] = [];
  return {
    offer(item, simMs) {
      if (!random.chance(share)) return false;
      const dueMs = simMs + minDelayMs +
        random.next() * (maxDelayMs - minDelayMs);
      let lo = 0;
      let hi = line.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (line[mid].dueMs <= dueMs) lo = mid + 1;
        else hi = mid;
      }
      line.splice(lo, 0, { item, happenedMs: simMs, dueMs });
      return true;
    },
    release(simMs) {
      return line.length > 0 && line[0].dueMs <= simMs
        ? line.shift()
        : undefined;
    },
    get size() {
      return line.length;
    },
  };
}

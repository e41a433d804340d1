/** The state of one task, and a new one: what task_state.ts transforms and state_codec.ts saves. */
import type { SessionState } from "./session.ts";
import { SESSION_GAP_MS } from "./time.ts";
import type { WindowAcc } from "./window_acc.ts";

export interface TaskState {
  latenessMs: number;
  /** A session ends after this much event time without events. */
  sessionGapMs: number;
  /** How far ahead of `maxEventTime` one event may be on its own (see pump.ts). */
  maxSkewMs: number;
  /** Session entries the caps of session.ts dropped (searches, result ids, cart games). */
  dropped: number;
  /** Highest event time applied, or null before the first event. */
  maxEventTime: number | null;
  /** Every window ending at or before this is closed; null before any closed. */
  frontier: number | null;
  windows: Map<number, WindowAcc>;
  sessions: Map<string, SessionState>;
  /** What changed since the last changelog write (see state_codec.ts). */
  dirtyWindows: Set<number>;
  dirtySessions: Set<string>;
  /** How many parts each split window has written to the changelog (see state_codec.ts). */
  windowParts: Map<number, number>;
  /**
   * Forget what can no longer change a result as the frontier moves (see
   * `pruneSession`); off only to check that it changes nothing.
   */
  prune: boolean;
}

/** One hour of event time: far beyond any lateness, far below a wrong year. */
export const DEFAULT_MAX_SKEW_MS = 3_600_000;

export function newTaskState(
  latenessMs: number,
  maxSkewMs = DEFAULT_MAX_SKEW_MS,
  sessionGapMs = SESSION_GAP_MS,
): TaskState {
  return {
    latenessMs,
    sessionGapMs,
    maxSkewMs,
    dropped: 0,
    maxEventTime: null,
    frontier: null,
    windows: new Map(),
    sessions: new Map(),
    dirtyWindows: new Set(),
    dirtySessions: new Set(),
    windowParts: new Map(),
    prune: true,
  };
}

/** When a task re-emits its open windows and its health record: pure, time passed in. */
import { LIVE_BACKLOG } from "./commit_policy.ts";

/**
 * Live, an open window that changed is re-emitted at most this often: how
 * long the dashboard waits for a change, against the metrics topic's volume
 * (at most four records a second per window and metric).
 */
export const LIVE_EMIT_MS = 250;
/**
 * Catching up, at most this often: transactions commit once a second then,
 * so more frequent records would only overwrite each other inside one.
 */
export const CATCH_UP_EMIT_MS = 1_000;
/** `pipeline_health` is emitted this often. */
export const HEALTH_INTERVAL_MS = 5_000;

export interface EmitClock {
  lastEmit: number;
  lastHealth: number;
}

export interface EmitView {
  now: number;
  /** Open windows changed since their last emission. */
  changed: boolean;
  /** Records between the task's committed offsets and the high watermarks. */
  backlog: number;
}

export interface EmitDue {
  open: boolean;
  health: boolean;
}

export function emitDue(clock: EmitClock, view: EmitView): EmitDue {
  const every = view.backlog <= LIVE_BACKLOG ? LIVE_EMIT_MS : CATCH_UP_EMIT_MS;
  return {
    open: view.changed && view.now - clock.lastEmit >= every,
    health: view.now - clock.lastHealth >= HEALTH_INTERVAL_MS,
  };
}

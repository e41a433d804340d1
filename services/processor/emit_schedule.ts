/** When a task re-emits its open windows and its health record: pure, time passed in. */

/** Open windows are re-emitted at most this often. */
export const EMIT_INTERVAL_MS = 1_000;
/** `pipeline_health` is emitted this often. */
export const HEALTH_INTERVAL_MS = 5_000;

export interface EmitClock {
  lastEmit: number;
  lastHealth: number;
}

export interface EmitDue {
  open: boolean;
  health: boolean;
}

export function emitDue(clock: EmitClock, now: number): EmitDue {
  return {
    open: now - clock.lastEmit >= EMIT_INTERVAL_MS,
    health: now - clock.lastHealth >= HEALTH_INTERVAL_MS,
  };
}

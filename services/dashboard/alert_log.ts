/** Since when each alert holds, and which cleared lately: a pure fold over successive evaluations. */
import type { Alert, AlertLog } from "../../lib/monitor_types.ts";

export interface AlertLogOptions {
  /** How long a cleared alert stays listed. @default 300_000 */
  keepClearedMs?: number;
}

export const EMPTY_ALERT_LOG: AlertLog = { active: [], cleared: [] };

/**
 * The log after an evaluation at `nowMs`: an alert keeps the `since` of its
 * first evaluation (its reason follows the latest), an alert no longer
 * raised moves to `cleared`, and a cleared one that fires again leaves it.
 */
export function nextAlertLog(
  previous: AlertLog,
  alerts: readonly Alert[],
  nowMs: number,
  options: AlertLogOptions = {},
): AlertLog {
  const { keepClearedMs = 300_000 } = options;
  const now = new Date(nowMs).toISOString();
  const was = new Map(previous.active.map((a) => [a.rule, a]));
  const firing = new Set(alerts.map((a) => a.rule));
  const active = alerts.map((a) => ({
    ...a,
    since: was.get(a.rule)?.since ?? now,
  }));
  const justCleared = previous.active
    .filter((a) => !firing.has(a.rule))
    .map((a) => ({ ...a, cleared_at: now }));
  const cleared = [...justCleared, ...previous.cleared].filter((c) =>
    !firing.has(c.rule) && nowMs - Date.parse(c.cleared_at) < keepClearedMs
  );
  return { active, cleared };
}

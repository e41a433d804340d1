/**
 * The `event_time` rule: late events jump, or event time drifts from the
 * wall clock by more than the producers' simulated clocks explain. Event
 * time ahead of the wall clock is normal here (`--speed`, `--start`), so the
 * rule explains lateness rather than flagging the drift itself.
 */
import {
  type EventTimePanel,
  eventTimePanel,
  formatDrift,
} from "../../lib/event_time.ts";
import type { Alert } from "../../lib/monitor_types.ts";
import type { WindowIndex } from "../../lib/windows.ts";

export interface EventTimeThresholds {
  /** Late events in the last full minute below this never alert. @default 10 */
  minLateEvents: number;
  /** A late share above this alerts on its own. @default 0.05 */
  maxLateShare: number;
  /** A late share this many times the ten minutes before (plus 1 %) is a jump. @default 3 */
  lateJumpFactor: number;
  /** Producers' clocks or the watermark may disagree this much beyond the lateness. @default 60_000 */
  driftMarginMs: number;
}

export const DEFAULT_EVENT_TIME_THRESHOLDS: EventTimeThresholds = {
  minLateEvents: 10,
  maxLateShare: 0.05,
  lateJumpFactor: 3,
  driftMarginMs: 60_000,
};

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const signed = (ms: number) => `${ms <= -1_000 ? "-" : "+"}${formatDrift(ms)}`;
const relation = (ms: number) =>
  `${formatDrift(ms)} ${ms >= 0 ? "ahead of" : "behind"} the wall clock`;

function lateJumped(p: EventTimePanel, t: EventTimeThresholds): boolean {
  const last = p.lastMinute;
  if (!last || last.share === null || last.late < t.minLateEvents) {
    return false;
  }
  const base = p.baseline?.share ?? 0;
  return last.share > t.maxLateShare ||
    last.share > base * t.lateJumpFactor + 0.01;
}

/** Why events are late, or why event time is off, in words a learner reads. */
function cause(p: EventTimePanel, allowedMs: number): string | null {
  const producers = p.producers;
  if (producers.length >= 2) {
    const slow = producers[0];
    const fast = producers.at(-1)!;
    if (fast.aheadMs - slow.aheadMs > allowedMs) {
      return `${producers.length} generators write to the same topics with clocks ${
        formatDrift(fast.aheadMs - slow.aheadMs)
      } apart (${slow.instance} at ${
        signed(slow.aheadMs)
      }, --speed ${slow.speed}; ${fast.instance} at ${
        signed(fast.aheadMs)
      }, --speed ${fast.speed}): the windows follow the one ahead, so events of the other arrive after their window closed`;
    }
  }
  if (p.aheadMs !== null && producers.length > 0) {
    const explained = producers.at(-1)!.aheadMs;
    if (p.aheadMs - explained > allowedMs) {
      return `no generator that reported its clock explains it (the one furthest ahead is at ${
        signed(explained)
      }): did another generator just start with a different --speed or --start, or is something writing events with future timestamps to the same topics?`;
    }
  }
  return null;
}

export function eventTimeAlerts(
  index: WindowIndex,
  nowMs: number,
  thresholds: EventTimeThresholds = DEFAULT_EVENT_TIME_THRESHOLDS,
): Alert[] {
  const p = eventTimePanel(index, nowMs);
  const lateness = p.latenessMs ?? 0;
  const why = cause(p, lateness + thresholds.driftMarginMs);
  const jumped = lateJumped(p, thresholds);
  if (!jumped && why === null) return [];
  const clock = p.aheadMs === null
    ? "event time is unknown"
    : `event time is ${relation(p.aheadMs)}`;
  const last = p.lastMinute;
  const late = last && last.late > 0
    ? ` and ${fmt(last.late)} events were late in the last minute (${
      ((last.share ?? 0) * 100).toFixed(1)
    }% of events read; a window takes events up to ${
      formatDrift(lateness)
    } behind the newest)`
    : "";
  const hint = why ??
    "are two generators with different --speed or --start writing to the same topics?";
  const text = `${clock}${late}: ${hint}`;
  return [{
    rule: "event_time",
    reason: text[0].toUpperCase() + text.slice(1),
  }];
}

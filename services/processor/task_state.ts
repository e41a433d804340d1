/**
 * The state of one task (one partition index of the five store topics) and
 * the pure transitions the stream and `verify` share: apply an event, advance
 * the close frontier, drain. Closed windows are handed back to the caller.
 */
import { findGame } from "../../shared/catalog.ts";
import { type StoreEvent, toCents } from "../../shared/schemas/events.ts";
import {
  isAbandoned,
  newSession,
  pruneSession,
  reachStep,
  recordCartAction,
  type SessionState,
} from "./session.ts";
import {
  addSearch,
  type Attribution,
  recordOutcome,
} from "./session_search.ts";
import { frontierFor, WINDOW_MS, windowStartOf } from "./time.ts";
import type { TaskState } from "./task_state_type.ts";
import { FUNNEL_STEPS } from "../../shared/schemas/metrics.ts";
import {
  bump,
  emptyWindow,
  type FunnelStep,
  normaliseQuery,
  tallyGame,
  type WindowAcc,
} from "./window_acc.ts";

export {
  DEFAULT_MAX_SKEW_MS,
  newTaskState,
  type TaskState,
} from "./task_state_type.ts";

/** True when an event at `time` falls in a window that has already closed. */
export function isLate(state: TaskState, time: number): boolean {
  return state.frontier !== null &&
    windowStartOf(time) + WINDOW_MS <= state.frontier;
}

function windowAt(state: TaskState, start: number): WindowAcc {
  let acc = state.windows.get(start);
  if (!acc) {
    acc = emptyWindow(start);
    state.windows.set(start, acc);
  }
  state.dirtyWindows.add(start);
  return acc;
}

/** Counts an ended session in the window holding its end (last event + gap). */
function endSession(state: TaskState, id: string, session: SessionState) {
  state.sessions.delete(id);
  state.dirtySessions.add(id);
  if (!session.carted) return;
  const acc = windowAt(state, windowStartOf(session.last + state.sessionGapMs));
  acc.carts++;
  if (isAbandoned(session)) acc.abandoned++;
}

/**
 * Applies attributions to the windows of their events. Both windows are open:
 * `to` is the time of an event that is not late, and `from` is later than `to`.
 */
function credit(
  state: TaskState,
  moves: readonly Attribution[],
  field: "clicked" | "converted",
) {
  for (const { from, to } of moves) {
    if (from !== null) windowAt(state, windowStartOf(from))[field]--;
    windowAt(state, windowStartOf(to))[field]++;
  }
}

/**
 * Credits the session to `step` in the window where it first reached it:
 * summed over any range of windows (and partitions, since a session lives
 * on one), each session counts at most once per step. An earlier event
 * handled later moves the credit; both windows are open, as in `credit`.
 */
function markFunnel(
  state: TaskState,
  session: SessionState,
  step: FunnelStep,
  time: number,
) {
  const move = reachStep(session, FUNNEL_STEPS.indexOf(step), time);
  if (!move) return;
  if (move.from !== null) {
    windowAt(state, windowStartOf(move.from)).funnel[step]--;
  }
  windowAt(state, windowStartOf(move.to)).funnel[step]++;
}

function gameTitle(id: string, fallback: string): string {
  return findGame(id)?.title ?? fallback;
}

/**
 * Applies one validated event. Returns false (and changes nothing) when the
 * event is late; closed windows, if the frontier moved, are pushed to `closed`.
 */
export function applyEvent(
  state: TaskState,
  event: StoreEvent,
  time: number,
  closed: WindowAcc[],
): boolean {
  if (isLate(state, time)) return false;
  const sid = event.session_id;
  let session = state.sessions.get(sid);
  if (session && time >= session.last + state.sessionGapMs) {
    endSession(state, sid, session);
    session = undefined;
  }
  if (!session) {
    session = newSession(time);
    state.sessions.set(sid, session);
  }
  if (time > session.last) session.last = time;
  state.dirtySessions.add(sid);

  const acc = windowAt(state, windowStartOf(time));
  acc.events[event.event_type]++;
  switch (event.event_type) {
    case "game_page_viewed":
      markFunnel(state, session, "viewed", time);
      tallyGame(
        acc,
        event.game_id,
        gameTitle(event.game_id, event.game_title),
        "views",
      );
      credit(
        state,
        recordOutcome(session, [event.game_id], time, "clicked"),
        "clicked",
      );
      break;
    case "wishlist_action":
      if (event.action === "add") {
        markFunnel(state, session, "wishlisted", time);
      }
      break;
    case "cart_action":
      if (event.action === "add") markFunnel(state, session, "carted", time);
      state.dropped += recordCartAction(
        session,
        event.game_id,
        time,
        event.action === "add",
        event.price,
      );
      break;
    case "purchase": {
      markFunnel(state, session, "purchased", time);
      acc.revenueCents += toCents(event.total);
      acc.orders++;
      acc.currency ??= event.currency;
      for (const item of event.items) {
        tallyGame(
          acc,
          item.game_id,
          gameTitle(item.game_id, item.title),
          "purchases",
        );
      }
      if (session.lastPurchase === null || time > session.lastPurchase) {
        session.lastPurchase = time;
      }
      const ids = event.items.map((item) => item.game_id);
      credit(
        state,
        recordOutcome(session, ids, time, "converted"),
        "converted",
      );
      break;
    }
    case "search_performed": {
      const query = normaliseQuery(event.query);
      acc.searches++;
      bump(acc.queries, query);
      if (event.results_count === 0) {
        acc.zeroResult++;
        bump(acc.zeroResultQueries, query);
      }
      if (event.result_game_ids.length > 0) {
        const added = addSearch(session, time, event.result_game_ids);
        state.dropped += added.dropped;
        if (added.clickedAt !== null) {
          credit(state, [{ from: null, to: added.clickedAt }], "clicked");
        }
        if (added.convertedAt !== null) {
          credit(state, [{ from: null, to: added.convertedAt }], "converted");
        }
      }
      break;
    }
    default: {
      const never: never = event;
      throw new TypeError(`Cannot apply event: unknown type ${never}`);
    }
  }
  if (state.maxEventTime === null || time > state.maxEventTime) {
    state.maxEventTime = time;
    advanceFrontier(state, frontierFor(time, state.latenessMs), closed);
  }
  return true;
}

/**
 * Moves the close frontier forward: sessions whose end falls in a closing
 * window end first (so their abandonment lands before the window closes),
 * then every window ending at or before `frontier` closes, oldest first.
 */
export function advanceFrontier(
  state: TaskState,
  frontier: number,
  closed: WindowAcc[],
) {
  if (state.frontier !== null && frontier <= state.frontier) return;
  for (const [id, session] of state.sessions) {
    const endWindow = windowStartOf(session.last + state.sessionGapMs);
    if (endWindow + WINDOW_MS <= frontier) endSession(state, id, session);
    else if (state.prune && pruneSession(session, frontier, WINDOW_MS)) {
      // Nothing left to count when it ends: no cart end, only the tombstone.
      state.sessions.delete(id);
      state.dirtySessions.add(id);
    }
  }
  closeWindowsThrough(state, frontier, closed);
  state.frontier = frontier;
}

function closeWindowsThrough(
  state: TaskState,
  frontier: number,
  closed: WindowAcc[],
) {
  const starts = [...state.windows.keys()]
    .filter((start) => start + WINDOW_MS <= frontier)
    .sort((a, b) => a - b);
  for (const start of starts) {
    closed.push(state.windows.get(start)!);
    state.windows.delete(start);
    state.dirtyWindows.add(start);
  }
}

/**
 * End of input: every session ends and every window closes, as if event time
 * ran on forever. The frontier stops at the last closed window, so events
 * newer than everything seen so far still count afterwards.
 */
export function drain(state: TaskState, closed: WindowAcc[]) {
  for (const [id, session] of state.sessions) endSession(state, id, session);
  const last = Math.max(
    state.frontier ?? -Infinity,
    ...[...state.windows.keys()].map((start) => start + WINDOW_MS),
  );
  if (!Number.isFinite(last)) return;
  closeWindowsThrough(state, last, closed);
  state.frontier = last;
}

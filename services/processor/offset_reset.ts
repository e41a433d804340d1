/**
 * What a task does when the group's committed offsets differ from the
 * positions saved in its changelog: someone moved them while the processor
 * was stopped (`deno task offsets`, Kafka's kafka-consumer-groups). Pure.
 *
 * The rule: the saved state no longer describes the input from the new
 * positions, so it is discarded and the task starts empty at the committed
 * offsets. Records it had already handled (before the saved positions) are
 * handled again for the state, but their enriched events and dead letters
 * are not written again: they are on the topics once already. When the new
 * positions are not the start of the log, the first window the task sees is
 * cut (events before it were skipped): windows starting before the one after
 * it are not emitted, so that a partial count never replaces a final one.
 */
import { WINDOW_MS, windowStartOf } from "./time.ts";

export interface Divergence {
  topicIndex: number;
  changelog: number;
  committed: number;
}

export interface Replay {
  /** Per store topic: offsets below this were handled before the change. */
  until: number[];
  /** Windows starting before this are cut; null until the first event shows where. */
  cutBefore: number | null;
  /** The task started past the start of the log: the first event sets `cutBefore`. */
  cutPending: boolean;
}

/** Topics whose committed offset is not the one the changelog saved. */
export function findDivergences(
  changelog: readonly number[],
  committed: readonly (number | null)[],
): Divergence[] {
  const found: Divergence[] = [];
  changelog.forEach((saved, topicIndex) => {
    const now = committed[topicIndex];
    if (now !== null && now !== saved) {
      found.push({ topicIndex, changelog: saved, committed: now });
    }
  });
  return found;
}

/** Where the task starts after a change, and what it must not write again. */
export function replayAfterChange(options: {
  changelog: readonly number[];
  committed: readonly (number | null)[];
  lows: readonly number[];
}): { positions: number[]; replay: Replay } {
  const { changelog, committed, lows } = options;
  const positions = changelog.map((saved, i) => committed[i] ?? saved);
  return {
    positions,
    replay: {
      until: [...changelog],
      cutBefore: null,
      cutPending: positions.some((p, i) => p > lows[i]),
    },
  };
}

/** True for a record handled before the change: its outputs exist already. */
export function alreadyWritten(
  replay: Replay | null,
  topicIndex: number,
  offset: number,
): boolean {
  return replay !== null && offset < replay.until[topicIndex];
}

/** Fixes the cut at the first event the task applies after the change. */
export function noteEvent(replay: Replay | null, time: number) {
  if (!replay || !replay.cutPending || replay.cutBefore !== null) return;
  replay.cutBefore = windowStartOf(time) + WINDOW_MS;
}

/** True for a window the change cut through: it must not be emitted. */
export function isCut(replay: Replay | null, windowStart: number): boolean {
  if (!replay) return false;
  if (replay.cutPending && replay.cutBefore === null) return true;
  return replay.cutBefore !== null && windowStart < replay.cutBefore;
}

/** True once nothing of the replay matters: past `until`, cut windows closed. */
export function replayOver(
  replay: Replay,
  positions: readonly number[],
  frontier: number | null,
): boolean {
  const past = positions.every((p, i) => p >= replay.until[i]);
  if (!past) return false;
  if (!replay.cutPending) return true;
  return replay.cutBefore !== null && frontier !== null &&
    frontier >= replay.cutBefore;
}

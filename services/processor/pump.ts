/**
 * Drives a task: takes input records in canonical order and applies them to
 * the task state. The stream and `verify` both run exactly this loop.
 */
import type { InputRecord, TaskInput } from "./task_input.ts";
import { applyEvent, type TaskState } from "./task_state.ts";
import type { Accepted, Rejected } from "./validate.ts";
import type { WindowAcc } from "./window_acc.ts";

export interface PumpSink {
  deadLetter(topicIndex: number, record: InputRecord, verdict: Rejected): void;
  /** Every valid event, late or not (late ones changed no window). */
  event(
    topicIndex: number,
    record: InputRecord,
    verdict: Accepted,
    late: boolean,
  ): void;
  closed(windows: WindowAcc[]): void;
}

/** Takes records until the input blocks or `limit` is reached; returns how many. */
export function pump(
  input: TaskInput,
  state: TaskState,
  sink: PumpSink,
  limit = Infinity,
): number {
  let taken = 0;
  const closed: WindowAcc[] = [];
  while (taken < limit) {
    const next = input.take(
      state.maxEventTime === null ? null : state.maxEventTime + state.maxSkewMs,
    );
    if (!next) break;
    const { topicIndex, record } = next;
    const verdict = record.verdict;
    taken++;
    if (!verdict.ok) {
      sink.deadLetter(topicIndex, record, verdict);
      continue;
    }
    const applied = applyEvent(state, verdict.event, verdict.time, closed);
    sink.event(topicIndex, record, verdict, !applied);
    if (closed.length > 0) {
      sink.closed(closed.splice(0));
    }
  }
  return taken;
}

/**
 * Pumps until the input blocks, committing whenever `waiting()` outputs
 * reach `threshold`: a batch that unblocks the merge can release many
 * buffered records at once, and a transaction must stay bounded.
 */
export async function pumpBounded(
  input: TaskInput,
  state: TaskState,
  sink: PumpSink,
  waiting: () => number,
  threshold: number,
  commit: () => Promise<void>,
): Promise<number> {
  let total = 0;
  while (true) {
    const room = Math.max(1, threshold - waiting());
    const taken = pump(input, state, sink, room);
    total += taken;
    if (waiting() >= threshold) await commit();
    if (taken < room) return total;
  }
}

/**
 * What a task does after it failed: the rule that keeps a record that
 * always fails the same way (a pathological input, or a bug it triggers)
 * from looping a task for ever, without ever skipping a record silently.
 * Pure: the processor keeps one `FailureRecord` per task index.
 *
 * A deterministic failure at the same committed offsets is retried once as
 * it was; the next start commits after every record (`isolate`) up to where
 * the failing transaction ended, so the record that fails is the one in the
 * transaction that fails; the start after that dead-letters that record
 * (`processing_error`, with the error) and goes on. Failures of the
 * environment (broker down, timeouts, a new owner) never count.
 */

/** A record to dead-letter instead of handling. */
export interface Quarantine {
  topicIndex: number;
  offset: number;
  detail: string;
}

export interface FailureRecord {
  /** The committed offsets the failures happened at. */
  at: string;
  count: number;
}

export interface Failure {
  committed: number[];
  /** Where the failing transaction would have moved the offsets. */
  positions: number[];
  deterministic: boolean;
  /** The last record the task took before it failed. */
  suspect: { topicIndex: number; offset: number } | null;
  message: string;
}

export interface StartPlan {
  isolateUntil: number[] | null;
  quarantine: Quarantine | null;
}

/** Deterministic failures at the same offsets before the suspect is dead-lettered. */
export const MAX_TRIES = 3;

const NORMAL: StartPlan = { isolateUntil: null, quarantine: null };

/** The record to keep for a task index after `failure`, and how to start it again. */
export function planRestart(
  previous: FailureRecord | undefined,
  failure: Failure,
  previousPlan: StartPlan = NORMAL,
): { record: FailureRecord | undefined; plan: StartPlan } {
  if (!failure.deterministic) return { record: previous, plan: previousPlan };
  const at = failure.committed.join(",");
  const count = previous?.at === at ? previous.count + 1 : 1;
  const record = { at, count };
  if (count === 1) return { record, plan: NORMAL };
  if (count === 2 || !failure.suspect) {
    return {
      record,
      plan: { isolateUntil: failure.positions, quarantine: null },
    };
  }
  return {
    record,
    plan: {
      isolateUntil: previousPlan.isolateUntil ?? failure.positions,
      quarantine: {
        ...failure.suspect,
        detail: `failed the task ${count} times at this record: ${
          failure.message.slice(0, 1_500)
        }`,
      },
    },
  };
}

/** True while the committed offsets have not passed every offset of `until`. */
export function stillIsolating(
  committed: readonly number[],
  until: readonly number[] | null,
): boolean {
  return until !== null && committed.some((offset, i) => offset < until[i]);
}

/**
 * When a task commits its transaction. Catching up on a backlog, large and
 * rare transactions are cheapest; once live, every record waits for the next
 * commit before anyone (the dashboard, the group's lag) sees it, so commits
 * follow the fetched batches, bounded by a short minimum interval.
 */

/** Commit at least this often while there is work in hand, catching up. */
export const COMMIT_INTERVAL_MS = 1_000;
/** Live (caught up): commit as soon as this long has passed since the last one. */
export const LIVE_COMMIT_MS = 100;
/** Commit as soon as this many output records are waiting, whatever the mode. */
export const COMMIT_RECORDS = 50_000;
/** A task with at most this many records between its positions and the high watermarks is live. */
export const LIVE_BACKLOG = 5_000;

export interface CommitView {
  now: number;
  lastCommit: number;
  /** Outputs, state changes or input positions not yet committed. */
  hasWork: boolean;
  /** Records between the task's positions and its inputs' high watermarks. */
  backlog: number;
}

export function commitDue(view: CommitView): boolean {
  if (!view.hasWork) return false;
  const every = view.backlog <= LIVE_BACKLOG
    ? LIVE_COMMIT_MS
    : COMMIT_INTERVAL_MS;
  return view.now - view.lastCommit >= every;
}

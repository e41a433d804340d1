/**
 * A session's searches and what follows them: a search counts as clicked (or
 * converted) once, at the earliest view (or purchase) of one of its results at
 * or after it, whatever order the events are handled in.
 */
import {
  type Attribution,
  canonicalId,
  MAX_RESULT_IDS,
  MAX_SEARCHES,
  MAX_TRACKED,
  type Outcome,
  SEEN_FIELDS,
  type SessionState,
  type TrackedSearch,
} from "./session.ts";

/** `seen` with `ids` at `time` added as entries `from`, `from + 1`, …, capped. */
function withSeen(
  seen: readonly (string | number)[],
  ids: readonly string[],
  time: number,
  from: number,
): (string | number)[] {
  const oldest = from + ids.length - MAX_TRACKED;
  const next: (string | number)[] = [];
  for (let i = 0; i < seen.length; i += SEEN_FIELDS) {
    if ((seen[i + 2] as number) >= oldest) {
      next.push(seen[i], seen[i + 1], seen[i + 2]);
    }
  }
  ids.forEach((id, i) => {
    if (from + i >= oldest) next.push(canonicalId(id), time, from + i);
  });
  // push() left room to grow; a copy is exactly as long as it needs to be.
  return next.slice();
}

/**
 * Records a view (`clicked`) or purchase (`converted`) of `gameIds` at `time`
 * and returns the searches it attributes. A search counts once, at the
 * earliest such event at or after it, whatever order events are handled in:
 * an earlier event handled later moves the count to its own window.
 */
export function recordOutcome(
  session: SessionState,
  gameIds: readonly string[],
  time: number,
  outcome: Outcome,
): Attribution[] {
  if (outcome === "clicked") {
    session.views = withSeen(session.views, gameIds, time, session.viewsSeen);
    session.viewsSeen += gameIds.length;
  } else {
    session.purchases = withSeen(
      session.purchases,
      gameIds,
      time,
      session.purchasesSeen,
    );
    session.purchasesSeen += gameIds.length;
  }
  const field = outcome === "clicked" ? "clickedAt" : "convertedAt";
  const moves: Attribution[] = [];
  for (const search of session.searches) {
    const current = search[field];
    if (search.time > time || (current !== null && current <= time)) continue;
    if (gameIds.some((id) => search.results.includes(id))) {
      moves.push({ from: current, to: time });
      search[field] = time;
    }
  }
  return moves;
}

function earliestAfter(
  seen: readonly (string | number)[],
  results: readonly string[],
  time: number,
): number | null {
  let earliest: number | null = null;
  for (let i = 0; i < seen.length; i += SEEN_FIELDS) {
    const id = seen[i] as string;
    const at = seen[i + 1] as number;
    if (
      at >= time && (earliest === null || at < earliest) && results.includes(id)
    ) {
      earliest = at;
    }
  }
  return earliest;
}

/**
 * Adds a search; views and purchases already handled that follow it
 * attribute it at once. `dropped` counts the result ids and older searches
 * the caps left out.
 */
export function addSearch(
  session: SessionState,
  time: number,
  results: readonly string[],
): TrackedSearch & { dropped: number } {
  const kept = results.slice(0, MAX_RESULT_IDS);
  const search: TrackedSearch = {
    time,
    seq: session.searchesSeen++,
    results: kept.map(canonicalId),
    clickedAt: earliestAfter(session.views, kept, time),
    convertedAt: earliestAfter(session.purchases, kept, time),
  };
  const oldest = search.seq + 1 - MAX_SEARCHES;
  const before = session.searches.length;
  session.searches = session.searches.filter((s) => s.seq >= oldest)
    .concat(search);
  return {
    ...search,
    dropped: results.length - kept.length +
      (before + 1 - session.searches.length),
  };
}

export type { Attribution };

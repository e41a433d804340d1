/** Run-wide counters for the summary file and the shutdown log line. */
export interface RunStats {
  recordsIn: number;
  deadLetters: number;
  enrichedOut: number;
  metricsOut: number;
  lateEvents: number;
  changelogOut: number;
  transactions: number;
}

export function newRunStats(): RunStats {
  return {
    recordsIn: 0,
    deadLetters: 0,
    enrichedOut: 0,
    metricsOut: 0,
    lateEvents: 0,
    changelogOut: 0,
    transactions: 0,
  };
}

/** Adds what one committed transaction wrote. */
export function countCommit(
  stats: RunStats,
  counts: {
    enriched: number;
    metrics: number;
    deadLetters: number;
    changelog: number;
  },
  lateEvents: number,
) {
  stats.transactions++;
  stats.enrichedOut += counts.enriched;
  stats.metricsOut += counts.metrics;
  stats.deadLetters += counts.deadLetters;
  stats.changelogOut += counts.changelog;
  stats.lateEvents += lateEvents;
}

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

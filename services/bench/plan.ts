/** How big each stage is in a full run and in `--quick`. */

export interface StagePlan {
  /** Records per producer run (ours and the reference). */
  produceEvents: number;
  /** Backlog the processor and ConsumerPerformance catch up on. */
  processBacklog: number;
  /** Backlog of each run of the scale stage (five setups a run). */
  scaleBacklog: number;
  /** Steady rates of the end-to-end stage, events/s. */
  e2eRates: number[];
  /** Length of one end-to-end run. */
  e2eRunMs: number;
  /** Concurrent SSE clients of the fan-out stage. */
  fanoutClients: number;
  /** Length of one fan-out run, and metric records sent per second during it. */
  fanoutRunMs: number;
  fanoutRecordsPerSec: number;
  /** Soak rate, events/s, and how often every service's memory is sampled. */
  soakRate: number;
  soakSampleMs: number;
}

export const FULL_PLAN: StagePlan = {
  produceEvents: 200_000,
  processBacklog: 1_000_000,
  scaleBacklog: 500_000,
  e2eRates: [1_000, 5_000],
  e2eRunMs: 20_000,
  fanoutClients: 1_000,
  fanoutRunMs: 20_000,
  fanoutRecordsPerSec: 20,
  soakRate: 5_000,
  soakSampleMs: 10_000,
};

export const QUICK_PLAN: StagePlan = {
  produceEvents: 5_000,
  processBacklog: 20_000,
  scaleBacklog: 20_000,
  e2eRates: [1_000, 5_000],
  e2eRunMs: 3_000,
  fanoutClients: 100,
  fanoutRunMs: 3_000,
  fanoutRecordsPerSec: 20,
  soakRate: 5_000,
  soakSampleMs: 5_000,
};

export function planFor(quick: boolean): StagePlan {
  return quick ? QUICK_PLAN : FULL_PLAN;
}

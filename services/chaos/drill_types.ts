/** What the chaos drill is given and what it reports. */
import type { Audit } from "./audit.ts";
import type { Fault } from "./schedule.ts";

export interface DrillOptions {
  quick: boolean;
  seed: number;
  durationMs: number;
  rate: number;
  signal: AbortSignal;
  say: (line: string) => void;
}

export interface FaultResult {
  fault: Fault;
  detail: string;
  injectedAtMs: number;
  /** Time from injection until every task was owned and lag under 1,000; null if never. */
  recoveryMs: number | null;
  boundMs: number;
}

export interface DrillReport {
  faults: FaultResult[];
  caughtUp: boolean;
  /** Records the generator counted as not written. */
  producerFailures: number;
  verifyOk: boolean;
  verifyOutput: string;
  audit: Audit;
  crashed: string[];
}

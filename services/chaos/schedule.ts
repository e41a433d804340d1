/**
 * The drill's faults, in order, from a seed: pure. Faults run one after the
 * other, each once the pipeline has recovered from the one before, so that
 * every recovery time in the table belongs to one fault.
 */
import { createRandom } from "../../shared/random.ts";

export type FaultKind =
  | "kill-processor"
  | "add-processor"
  | "remove-processor"
  | "kill-broker"
  | "stop-processor"
  | "poison-oversized"
  | "poison-future"
  | "poison-session";

export interface Fault {
  kind: FaultKind;
  /** Wall time to let the pipeline run before this fault, after the last recovered. */
  settleMs: number;
  /** Which running processor it hits, as an index into the running ones (modulo). */
  target: number;
}

export interface ScheduleOptions {
  seed: number;
  quick: boolean;
}

/** What each fault proves, for the table. */
export const FAULT_LABELS: Record<FaultKind, string> = {
  "kill-processor": "kill -9 of a processor (a new one starts)",
  "add-processor": "an instance added",
  "remove-processor": "an instance removed (SIGTERM)",
  "kill-broker": "kill -9 of the broker, then a restart",
  "stop-processor": "SIGSTOP of a processor past its transaction timeout",
  "poison-oversized": "a 2 MB record, gzip-compressed",
  "poison-future": "a view timestamped 9999-12-31",
  "poison-session": "a session of 160 searches with 100 long result ids",
};

/** A seeded order of faults; `quick` kills processors twice instead of five times. */
export function chaosSchedule(options: ScheduleOptions): Fault[] {
  const random = createRandom(options.seed);
  const kinds: FaultKind[] = [
    ...Array<FaultKind>(options.quick ? 2 : 5).fill("kill-processor"),
    "add-processor",
    "remove-processor",
    "kill-broker",
    "stop-processor",
    "poison-oversized",
    "poison-future",
    "poison-session",
  ];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const [minSettle, maxSettle] = options.quick
    ? [1_000, 3_000]
    : [5_000, 20_000];
  return kinds.map((kind) => ({
    kind,
    settleMs: random.int(minSettle, maxSettle),
    target: random.int(0, 2),
  }));
}

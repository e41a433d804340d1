/** How one Processor runs: its mode, its name in the group, its delivery semantics, and the workers' hooks. */
import type { DeliverySemantics } from "../../shared/schemas/names.ts";
import type { CatchUpReport } from "./catch_up.ts";

export interface RunOptions {
  untilCaughtUp: boolean;
  drain: boolean;
  instanceId: string;
  semantics: DeliverySemantics;
  /** The drill's crash point (delivery.ts), counted over the instance's workers. */
  crashAtCommit: number | null;
  /** The shared count behind it; absent: the processor counts alone. */
  commitCount?: Int32Array;
  /**
   * Caught up, report and stay in the group until `stop(true)`: a worker waits
   * for the others, so its tasks do not move to them while they still work.
   */
  onCaughtUp?: (report: CatchUpReport) => void;
  /** Awaited right before joining the group: workers join together. */
  beforeJoin?: () => Promise<void>;
  /** Members learn of a rebalance at their next heartbeat (default 3 s). */
  heartbeatMs?: number;
}

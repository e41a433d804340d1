/** The Labs pages' shapes: what `/api/labs/:id` answers and the lab island shows. */
import type { DeliverySemantics } from "../shared/schemas/names.ts";
import type { VerifyResult } from "../shared/verify_result.ts";

/** One lab of the catalog, as the list shows it. */
export interface LabSummary {
  number: number;
  id: string;
  title: string;
  goal: string;
  /** The guide's file name under docs/labs/. */
  doc: string;
  steps: number;
}

/** `seen`: its effect was observed; `waiting`: the step being watched; `pending`: a later one. */
export type StepStatus = "seen" | "waiting" | "pending";

export interface StepProgress {
  title: string;
  /** What the learner does by hand: commands and where to look. */
  doIt: string[];
  status: StepStatus;
  /** What was seen, or what is still missing; null for a pending step. */
  detail: string | null;
  /** Epoch ms the step began (the previous step was seen, or the watch started). */
  started_at: number | null;
  /** Epoch ms of the snapshot that showed the effect. */
  seen_at: number | null;
  /** How long the effect may take by hand. */
  limit_ms: number;
  /** True while waiting past `limit_ms`: the lab's own check would have given up. */
  overdue: boolean;
}

/** A lab's watch: its steps checked in order against snapshots of the broker. */
export interface LabProgress {
  lab: string;
  /** True while the server takes snapshots for this lab. */
  watching: boolean;
  /** Epoch ms of the baseline snapshot; null before the first one. */
  started_at: number | null;
  /** Epoch ms of the newest snapshot. */
  polled_at: number | null;
  /** Why the last snapshot failed, if it did. */
  error: string | null;
  /** Index of the step being watched; `steps.length` once every step was seen. */
  current: number;
  steps: StepProgress[];
  /** The last `deno task verify` run, from the newest snapshot. */
  verify: VerifyResult | null;
  /** The semantics of the newest processor metric records the dashboard holds (set by the route). */
  semantics?: DeliverySemantics | null;
}

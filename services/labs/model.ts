/**
 * What a lab is: numbered steps, each with what to do (by hand, or done for
 * the learner by `deno task lab <name>`), and the effect to see, checked
 * against snapshots of the broker taken from the outside. The checks are
 * pure, so the CLI and the dashboard's Labs page tick the same boxes.
 */
import type { GroupView } from "../../lib/kafka_types.ts";
import type { Alert } from "../../lib/monitor_types.ts";
import type { VerifyResult } from "../../shared/verify_result.ts";
import type { PartitionReplication } from "../monitor/alerts.ts";
import type { LabRun } from "./actions.ts";
import type { LabClients } from "./snapshot.ts";

/** What the broker says at one moment: the processor group, alerts, topics' ends, verify. */
export interface Snapshot {
  /** Epoch ms. */
  at: number;
  /** The processor group (members, assignments, lag); null before the first poll. */
  group: GroupView | null;
  /** The alerts that hold, from the broker's figures (lag, stalls, owners, replicas). */
  alerts: Alert[];
  replication: PartitionReplication[];
  /** End offset of each of the project's topics, summed over partitions (markers included). */
  ends: Record<string, number>;
  /** The last `deno task verify` run for this prefix, if any. */
  verify: VerifyResult | null;
  /** A lab's own observations (its `probe`), by name. */
  probes: Record<string, unknown>;
}

export interface CheckResult {
  ok: boolean;
  /** What was seen, or what is still missing, in words. */
  detail: string;
}

export interface StepView {
  /** The snapshot when the step started, and the latest one. */
  start: Snapshot;
  now: Snapshot;
}

export interface Step {
  title: string;
  /** What the learner does by hand: commands and where to look. */
  doIt: string[];
  /** What the runner does itself when the lab runs unattended. */
  act?(run: LabRun): Promise<void>;
  expect(view: StepView): CheckResult;
  /** How long the effect may take to show, unattended and by hand. */
  timeoutMs: { auto: number; manual: number };
}

/** One lab-specific observation, taken with every snapshot. */
export type Probe = (
  clients: LabClients,
  memory: ReadonlyMap<string, unknown>,
) => Promise<unknown>;

export interface Lab {
  /** 1..9, the order of the README. */
  number: number;
  /** `deno task lab <id>`. */
  id: string;
  title: string;
  /** One sentence. */
  goal: string;
  /** Under docs/labs/. */
  doc: string;
  /** The broker's stall rule (partition_stalled) for this lab, instead of DASHBOARD_STALL_MS. */
  stallMs?(short: boolean): number;
  /**
   * Observations the steps need beyond the snapshot (read from the broker, or
   * from a server the lab started: `memory` is the run's, empty when only watching).
   */
  probes?: Record<string, Probe>;
  /** Environment for every service the lab starts (short timeouts, say). */
  env?(short: boolean): Record<string, string>;
  /** Runs before the steps, unattended only: the backlog or services the lab starts from. */
  setup?(run: LabRun): Promise<void>;
  steps: Step[];
}

/** A lab cannot run here (no cluster, say): its message says what to do, and is printed as is. */
export class LabSetupError extends Error {
  override name = "LabSetupError";
}

export const ok = (detail: string): CheckResult => ({ ok: true, detail });
export const waiting = (detail: string): CheckResult => ({ ok: false, detail });

/**
 * The dashboard's monitoring loop: polls the broker every few seconds, folds
 * the poll into the group's state, evaluates the alerts against it and the
 * metric windows, and hands the result to whoever listens (the SSE hub).
 */
import { settledWithin } from "../../shared/deadline.ts";
import type { Logger } from "../../shared/log.ts";
import {
  type AlertLogOptions,
  EMPTY_ALERT_LOG,
  nextAlertLog,
} from "./alert_log.ts";
import {
  type AlertThresholds,
  evaluateAlerts,
  type PartitionReplication,
} from "../monitor/alerts.ts";
import {
  type GroupSnapshot,
  type GroupTrack,
  type GroupTrackOptions,
  trackGroup,
} from "../monitor/group_status.ts";
import type { AlertLog, MonitorState } from "../../lib/monitor_types.ts";
import type { VerifyResult } from "../../shared/verify_result.ts";
import type { WindowIndex } from "../../lib/windows.ts";

export interface MonitorOptions extends GroupTrackOptions, AlertLogOptions {
  /** Reads the broker once. */
  poll: () => Promise<GroupSnapshot>;
  /** Reads the partitions' leaders, replicas and ISR (for the under-replication alert). */
  replication?: () => Promise<PartitionReplication[]>;
  /** The last verify result (a file read; it never throws). */
  verify?: () => Promise<VerifyResult | null>;
  /** The metric windows as they are now. */
  index: () => WindowIndex;
  /** Called after every evaluation. */
  onState: (state: MonitorState) => void;
  /** @default 3_000 */
  pollMs?: number;
  thresholds?: AlertThresholds;
  logger: Logger;
  now?: () => number;
}

export class Monitor {
  readonly #opts: MonitorOptions;
  #track: GroupTrack | undefined;
  #log: AlertLog = EMPTY_ALERT_LOG;
  #error: string | null = null;
  #replication: PartitionReplication[] | null = null;
  #state: MonitorState;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(options: MonitorOptions) {
    this.#opts = options;
    this.#state = {
      group: null,
      poll_error: null,
      alerts: [],
      cleared: [],
      evaluated_at: (options.now ?? Date.now)(),
    };
  }

  /** The latest evaluation. */
  current(): MonitorState {
    return this.#state;
  }

  /** Starts polling now and every `pollMs` after each poll ends. */
  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Polls and evaluates once; resolves with the new state. */
  async tick(): Promise<MonitorState> {
    const { poll, index, now = Date.now, logger } = this.#opts;
    try {
      const [snapshot, replication] = await Promise.all([
        poll(),
        this.#opts.replication?.() ?? null,
      ]);
      this.#track = trackGroup(this.#track, snapshot, this.#opts);
      this.#replication = replication;
      if (this.#error !== null) logger.info("broker poll recovered");
      this.#error = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.#error === null) {
        logger.warn("cannot poll the processor group", { error: message });
      }
      this.#error = message;
    }
    const verify = await this.#opts.verify?.() ?? null;
    const at = now();
    const alerts = evaluateAlerts({
      group: this.#track?.view ?? null,
      index: index(),
      nowMs: at,
      thresholds: this.#opts.thresholds,
      replication: this.#replication,
    });
    this.#log = nextAlertLog(this.#log, alerts, at, this.#opts);
    this.#state = {
      group: this.#track?.view ?? null,
      poll_error: this.#error,
      alerts: this.#log.active,
      cleared: this.#log.cleared,
      evaluated_at: at,
      verify,
    };
    this.#opts.onState(this.#state);
    return this.#state;
  }

  /** Stops polling and waits (at most `waitMs`) for a poll in flight. */
  async stop(waitMs = 2_000): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    // #running never rejects: a failed poll is logged where it runs.
    if (this.#running) await settledWithin(this.#running, waitMs);
  }

  #schedule(delay: number) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#running = this.tick().then(
        () => {},
        (error) => this.#opts.logger.error("monitor failed", { error }),
      ).finally(() => this.#schedule(this.#opts.pollMs ?? 3_000));
    }, delay);
  }
}

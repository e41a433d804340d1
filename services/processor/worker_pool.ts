/**
 * `deno task process --workers N` on the main thread: starts N workers, each a
 * Processor and a member of the group with instance id `<instance>-w<i>`,
 * forwards a graceful stop, tells them to finish once all are caught up, and
 * adds up their results. A failed worker stops the others and fails the run.
 */
import type { Config } from "../../shared/config.ts";
import type { Logger } from "../../shared/log.ts";
import type { CatchUpReport } from "./catch_up.ts";
import type { RunResult } from "./summary.ts";
import {
  allCaughtUp,
  combineResults,
  type FromWorker,
  type ToWorker,
  type WorkerRunOptions,
} from "./worker_protocol.ts";

/**
 * Workers that join together still often land in two generations (the local
 * broker has no initial rebalance delay); a short heartbeat makes the first
 * member hand tasks over within a second instead of three.
 */
const WORKER_HEARTBEAT_MS = 500;
/** How long the others may take to stop after one worker failed. */
const STOP_AFTER_FAILURE_MS = 30_000;

/** A worker's failure, with the exit code the process should end with. */
export class WorkerFailure extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
    this.name = "WorkerFailure";
  }
}

export interface WorkerPoolOptions {
  workers: number;
  config: Config;
  run: WorkerRunOptions;
  logger: Logger;
  /** The worker module. @default ./worker.ts */
  module?: URL;
}

export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #workers: Worker[] = [];
  readonly #running = new Set<number>();
  readonly #reports: (CatchUpReport | undefined)[];
  readonly #results: RunResult[] = [];
  readonly #ready = new Set<number>();
  #failure: WorkerFailure | null = null;
  #finishing = false;
  #settled = Promise.withResolvers<void>();

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#reports = Array.from({ length: options.workers }, () => undefined);
  }

  /** Resolves with the combined result once every worker is done; rejects with a {@linkcode WorkerFailure}. */
  async run(): Promise<RunResult> {
    const started = Date.now();
    const { workers, config, run } = this.#options;
    for (let i = 0; i < workers; i++) {
      const instanceId = `${run.instanceId}-w${i}`;
      const module = this.#options.module ??
        new URL("./worker.ts", import.meta.url);
      const worker = new Worker(module, {
        type: "module",
        name: instanceId,
      });
      worker.onmessage = (event: MessageEvent<FromWorker>) =>
        this.#onMessage(i, event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.#ended(
          i,
          null,
          new WorkerFailure(`${instanceId}: ${event.message}`, 1),
        );
      };
      this.#workers.push(worker);
      this.#running.add(i);
      this.#post(i, {
        type: "start",
        config,
        options: { heartbeatMs: WORKER_HEARTBEAT_MS, ...run, instanceId },
      });
    }
    await this.#settled.promise;
    if (this.#failure) throw this.#failure;
    return combineResults(this.#results, Date.now() - started);
  }

  /** Graceful stop of every worker still running (SIGINT, SIGTERM). */
  stop() {
    for (const i of this.#running) this.#post(i, { type: "stop" });
  }

  #post(i: number, message: ToWorker) {
    this.#workers[i].postMessage(message);
  }

  #onMessage(i: number, message: FromWorker) {
    switch (message.type) {
      case "ready":
        // With no initial rebalance delay (the local broker), a member that
        // joins alone takes every task, and gives some back seconds later.
        this.#ready.add(i);
        if (this.#ready.size < this.#workers.length) return;
        for (const j of this.#running) this.#post(j, { type: "join" });
        return;
      case "caught-up":
        this.#reports[i] = message.report;
        if (this.#finishing || !allCaughtUp(this.#reports)) return;
        this.#finishing = true;
        for (const j of this.#running) this.#post(j, { type: "finish" });
        return;
      case "done":
        return this.#ended(i, message.result, null);
      case "failed":
        return this.#ended(
          i,
          null,
          new WorkerFailure(
            `${this.#options.run.instanceId}-w${i}: ${message.message}`,
            message.code,
          ),
        );
    }
  }

  #ended(i: number, result: RunResult | null, failure: WorkerFailure | null) {
    if (!this.#running.delete(i)) return;
    this.#workers[i].terminate();
    if (result) this.#results.push(result);
    if (failure && !this.#failure) {
      this.#failure = failure;
      this.#options.logger.error("worker failed: stopping the others", {
        worker: i,
        error: failure.message,
      });
      this.stop();
      Deno.unrefTimer(
        setTimeout(() => this.#settled.resolve(), STOP_AFTER_FAILURE_MS),
      );
    }
    if (this.#running.size === 0) this.#settled.resolve();
  }
}

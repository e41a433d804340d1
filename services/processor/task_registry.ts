/**
 * The tasks of one processor instance: which object owns each partition
 * index now, starting and retiring them, and restarting a failed one by the
 * poison rule (poison.ts). Only the current owner of an index may touch the
 * consumer: a retired object's seeks and pauses are ignored.
 */
import type { Logger } from "../../shared/log.ts";
import { type FailureRecord, planRestart, type StartPlan } from "./poison.ts";
import {
  type ConsumerControl,
  Task,
  type TaskContext,
  TaskFailure,
} from "./task.ts";
import { isDeterministic, isFenced } from "./task_producer.ts";

/** Restart delays after a failure: quick at first, then at most every 5 s. */
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000];

export interface TaskRegistryOptions {
  /** Everything a task needs but its consumer control. */
  context: Omit<TaskContext, "control">;
  control: ConsumerControl;
  logger: Logger;
  /** The indices the group assigns to this instance now. */
  assigned: () => readonly number[];
}

export class TaskRegistry {
  readonly #options: TaskRegistryOptions;
  readonly #tasks = new Map<number, Task>();
  readonly #failures = new Map<number, FailureRecord>();
  readonly #plans = new Map<number, StartPlan>();
  readonly #restarts = new Map<number, number>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #stopped = false;

  constructor(options: TaskRegistryOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#tasks.size;
  }

  tasks(): Task[] {
    return [...this.#tasks.values()];
  }

  get(index: number): Task | undefined {
    return this.#tasks.get(index);
  }

  /** The final commit of every task, for a graceful stop; a failure is logged. */
  async flushAll() {
    for (const task of this.#tasks.values()) {
      await task.run(() => task.flush(Date.now())).catch((error) =>
        this.#options.logger.error("final commit failed", {
          task: task.index,
          error: (error as Error).message,
        })
      );
    }
  }

  async closeAll() {
    for (const task of this.#tasks.values()) await task.close();
  }

  /** Starts a task for every assigned index without one; retires the rest. */
  reconcile(assigned: readonly number[]) {
    for (const [index, task] of this.#tasks) {
      if (!assigned.includes(index)) this.retire(task);
    }
    for (const index of assigned) {
      if (!this.#tasks.has(index)) this.#start(index);
    }
  }

  /** Retires every task: after the consumer restarted, its pauses and seeks are gone. */
  retireAll() {
    for (const task of this.#tasks.values()) this.retire(task);
  }

  retire(task: Task) {
    if (this.#tasks.get(task.index) === task) this.#tasks.delete(task.index);
    task.close().catch(() => {});
  }

  /** A task succeeded in committing: its failure history no longer applies. */
  progressed(task: Task) {
    if (this.#failures.get(task.index)?.at === task.committed.join(",")) return;
    this.#failures.delete(task.index);
    this.#restarts.delete(task.index);
  }

  #start(index: number) {
    if (this.#stopped) return;
    const { context, control } = this.#options;
    const plan = this.#plans.get(index);
    const owner: { task?: Task } = {};
    const current = () => owner.task !== undefined && this.#current(owner.task);
    const guarded: ConsumerControl = {
      seek: (...args) => current() && control.seek(...args),
      pause: (...args) => current() && control.pause(...args),
      resume: (...args) => current() && control.resume(...args),
      commitOffsets: async (...args) => {
        if (current()) await control.commitOffsets(...args);
      },
    };
    const task = new Task(index, { ...context, control: guarded }, {
      isolateUntil: plan?.isolateUntil ?? null,
      quarantine: plan?.quarantine ?? null,
    });
    owner.task = task;
    this.#plans.delete(index);
    this.#tasks.set(index, task);
    task.run(() => task.open()).catch((error) => this.failed(task, error));
  }

  #current(task: Task): boolean {
    return task.phase !== "closed" && this.#tasks.get(task.index) === task;
  }

  /** Replaces a failed task, by the poison rule, if the group still gives us its index. */
  failed(task: Task, error: unknown) {
    if (this.#tasks.get(task.index) !== task) return;
    this.retire(task);
    const { logger } = this.#options;
    if (isFenced(error)) {
      // A newer owner, or the broker aborting a transaction that outlived
      // its timeout (the process was stopped): in the second case the group
      // still gives us the index, and a new task fences and goes on.
      logger.warn("task fenced", { task: task.index });
      return this.#restartLater(task.index, 1_000);
    }
    const failure = error instanceof TaskFailure ? error : null;
    const deterministic = isDeterministic(failure?.cause ?? error);
    const { record, plan } = planRestart(
      this.#failures.get(task.index),
      {
        committed: failure?.committed ?? task.committed,
        positions: failure?.positions ?? task.input?.positions() ??
          task.committed,
        deterministic,
        suspect: task.lastTaken,
        message: (error as Error)?.message ?? String(error),
      },
      this.#plans.get(task.index),
    );
    if (record) this.#failures.set(task.index, record);
    this.#plans.set(task.index, plan);
    const attempt = this.#restarts.get(task.index) ?? 0;
    this.#restarts.set(task.index, attempt + 1);
    const delay =
      RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)];
    logger.error("task failed", {
      task: task.index,
      offsets: task.committed.join(",") || undefined,
      suspect: task.lastTaken
        ? `${
          context(this.#options, task.lastTaken.topicIndex)
        }@${task.lastTaken.offset}`
        : undefined,
      retry_in_ms: delay,
      next: plan.quarantine
        ? `dead-letter offset ${plan.quarantine.offset}`
        : plan.isolateUntil
        ? "one record per transaction"
        : undefined,
      error: (error as Error)?.message ?? String(error),
    });
    this.#restartLater(task.index, delay);
  }

  #restartLater(index: number, delay: number) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#options.assigned().includes(index) && !this.#tasks.has(index)) {
        this.#start(index);
      }
    }, delay);
    this.#timers.add(timer);
  }

  /** No more starts; pending restarts are cancelled. */
  stop() {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  clear() {
    this.#tasks.clear();
  }
}

function context(options: TaskRegistryOptions, topicIndex: number): string {
  return options.context.names.store[topicIndex] ?? `topic ${topicIndex}`;
}

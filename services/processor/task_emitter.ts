/**
 * A task's metric records: final records of closed windows, re-emissions of
 * open ones when they change (at most every 250 ms live, every second when
 * catching up: emit_schedule.ts), and `pipeline_health` every five seconds,
 * written to the task's outputs. Windows an offset change cut through are
 * never emitted (offset_reset.ts).
 */
import { emitDue } from "./emit_schedule.ts";
import { countOut, type HealthAcc, healthRecord, newHealth } from "./health.ts";
import { isCut, type Replay } from "./offset_reset.ts";
import { windowRecords } from "./records.ts";
import type { OutputCounts, TaskOutputs } from "./task_outputs.ts";
import { openCarts } from "./open_carts.ts";
import type { TaskState } from "./task_state.ts";
import { windowStartOf } from "./time.ts";
import type { WindowAcc } from "./window_acc.ts";

export interface EmitterOptions {
  task: number;
  instanceId: string;
  outputs: TaskOutputs;
  /** The replay after an offset change, if one is running. */
  replay: () => Replay | null;
}

export class TaskEmitter {
  /** Current minute's counters of the task, for `pipeline_health`. */
  health: HealthAcc;
  readonly #options: EmitterOptions;
  readonly #dirty = new Set<number>();
  readonly #clock = { lastEmit: 0, lastHealth: 0 };
  #late = 0;

  constructor(options: EmitterOptions, now: number) {
    this.#options = options;
    this.health = newHealth(now);
  }

  /** A late event: counted in health now, in the run's stats at the next commit. */
  countLate() {
    this.#late++;
    this.health.lateEvents++;
  }

  /** Late events since the last call. */
  takeLate(): number {
    const late = this.#late;
    this.#late = 0;
    return late;
  }

  /** Final records of windows that just closed. */
  closed(windows: WindowAcc[], now: number) {
    for (const acc of windows) {
      this.#dirty.delete(acc.start);
      if (isCut(this.#options.replay(), acc.start)) continue;
      this.#options.outputs.metrics(
        windowRecords(acc, this.#options.task, true, now),
      );
    }
  }

  /** Remembers windows changed since the last re-emission. */
  markDirty(state: TaskState) {
    for (const start of state.dirtyWindows) this.#dirty.add(start);
  }

  /** Timer work: changed open windows and health, when due. */
  tick(state: TaskState, lag: Record<string, number>, now: number) {
    this.markDirty(state);
    const due = emitDue(this.#clock, {
      now,
      changed: this.#dirty.size > 0,
      backlog: Object.values(lag).reduce((sum, n) => sum + n, 0),
    });
    if (due.open) this.open(state, now);
    if (due.health) this.healthRecords(state, lag, now);
  }

  /** Re-emits every open window that changed since the last time. */
  open(state: TaskState, now: number) {
    this.#clock.lastEmit = now;
    this.markDirty(state);
    for (const start of this.#dirty) {
      const acc = state.windows.get(start);
      if (!acc || isCut(this.#options.replay(), start)) continue;
      this.#options.outputs.metrics(
        windowRecords(acc, this.#options.task, false, now),
      );
    }
    this.#dirty.clear();
  }

  /** The minute's health record (and the last one of the minute before, final). */
  healthRecords(state: TaskState, lag: Record<string, number>, now: number) {
    this.#clock.lastHealth = now;
    const base = {
      partition: this.#options.task,
      instanceId: this.#options.instanceId,
      lag,
      now,
      stateDropped: state.dropped,
      watermark: state.maxEventTime,
      latenessMs: state.latenessMs,
      sessionGapMs: state.sessionGapMs,
      openCarts: openCarts(state),
    };
    const outputs = this.#options.outputs;
    if (windowStartOf(now) !== this.health.minute) {
      outputs.metrics([healthRecord(this.health, { ...base, final: true })]);
      this.health = newHealth(now);
    }
    outputs.metrics([healthRecord(this.health, { ...base, final: false })]);
  }

  /** Counts what a committed transaction wrote, per output topic. */
  countCommitted(counts: OutputCounts) {
    const names = this.#options.outputs.names;
    countOut(this.health, names.enriched, counts.enriched);
    countOut(this.health, names.metrics, counts.metrics);
    countOut(this.health, names.deadLetter, counts.deadLetters);
  }
}

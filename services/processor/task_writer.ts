/**
 * Everything a task writes, in one place: its outputs waiting for the next
 * transaction, the emitter of its metric records, the pump's sink, and the
 * replay after an offset change that decides what is not written again.
 */
import { type Replay, replayOver } from "./offset_reset.ts";
import type { PumpSink } from "./pump.ts";
import { takeChanges } from "./state_codec.ts";
import { TaskEmitter } from "./task_emitter.ts";
import type { TaskOutputs } from "./task_outputs.ts";
import { type SinkOwner, taskSink } from "./task_sink.ts";
import type { TaskState } from "./task_state.ts";

export interface TaskWriterOptions {
  owner: SinkOwner;
  instanceId: string;
  topics: string[];
  outputs: TaskOutputs;
  replay: Replay | null;
  /** The time the task's records are handled at. */
  now(): number;
}

export class TaskWriter {
  readonly outputs: TaskOutputs;
  readonly emitter: TaskEmitter;
  readonly sink: PumpSink;
  replay: Replay | null;

  constructor(options: TaskWriterOptions) {
    this.outputs = options.outputs;
    this.replay = options.replay;
    this.emitter = new TaskEmitter({
      task: options.owner.index,
      instanceId: options.instanceId,
      outputs: options.outputs,
      replay: () => this.replay,
    }, options.now());
    this.sink = taskSink(options.owner, {
      topics: options.topics,
      outputs: options.outputs,
      emitter: this.emitter,
      replay: () => this.replay,
      now: options.now,
    });
  }

  /** Adds the changelog entries for `state` at `positions`; ends a replay that no longer matters. */
  prepareCommit(state: TaskState, positions: number[]) {
    if (this.replay && replayOver(this.replay, positions, state.frontier)) {
      this.replay = null;
    }
    // takeChanges() clears the dirty marks the next live emission reads.
    this.emitter.markDirty(state);
    this.outputs.changelog(takeChanges(state, positions, this.replay));
  }
}

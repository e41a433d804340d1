/**
 * How a task starts: fence the transactional id, restore the changelog, and
 * decide where to read from, by the offset-change rule (offset_reset.ts).
 * Reading the changelog happens through the consumer; this keeps what was
 * read and says when the task can become active.
 */
import type { KafkaMessage } from "kafkajs";
import type { Logger } from "../../shared/log.ts";
import { partitionOffsets } from "../../shared/offsets.ts";
import { taskTransactionalId } from "../../shared/topics.ts";
import {
  findDivergences,
  type Replay,
  replayAfterChange,
} from "./offset_reset.ts";
import {
  type ChangelogEntry,
  StateRestorer,
  takeChanges,
} from "./state_codec.ts";
import type { TaskContext } from "./task_context.ts";
import { TaskOutputs } from "./task_outputs.ts";
import { type TaskCommitter, TaskProducer } from "./task_producer.ts";
import { PlainTaskProducer } from "./task_plain_producer.ts";
import { changelogRange, startingPositions } from "./task_restore.ts";
import { newTaskState, type TaskState } from "./task_state.ts";

export interface Started {
  producer: TaskCommitter;
  outputs: TaskOutputs;
  state: TaskState;
  positions: number[];
  replay: Replay | null;
  restoredEntries: number;
}

export class TaskStarter {
  readonly #task: number;
  readonly #ctx: TaskContext;
  readonly #log: Logger;
  readonly #groupId: string;
  readonly #restorer: StateRestorer;
  #restoreEnd = 0;
  #producer: TaskCommitter | null = null;
  #outputs: TaskOutputs | null = null;

  constructor(options: {
    task: number;
    ctx: TaskContext;
    logger: Logger;
    groupId: string;
  }) {
    this.#task = options.task;
    this.#ctx = options.ctx;
    this.#log = options.logger;
    this.#groupId = options.groupId;
    const { config } = options.ctx;
    this.#restorer = new StateRestorer({
      latenessMs: config.PROCESSOR_ALLOWED_LATENESS_MS,
      maxSkewMs: config.PROCESSOR_MAX_SKEW_MS,
      sessionGapMs: config.PROCESSOR_SESSION_GAP_MS,
    });
  }

  /** The producer once created, so that a failed start can still close it. */
  get producer(): TaskCommitter | null {
    return this.#producer;
  }

  /**
   * Fences any previous owner first, then starts reading the changelog.
   * Resolves with the started task when there is nothing to restore, or
   * null while the changelog is being read.
   */
  async open(): Promise<Started | null> {
    const { kafka, config, admin, changelogTopic, control, names } = this.#ctx;
    for (const topic of [...names.store, changelogTopic]) {
      control.pause(topic, this.#task);
    }
    const { semantics } = this.#ctx.delivery;
    this.#producer = semantics === "exactly-once"
      ? new TaskProducer(
        kafka,
        taskTransactionalId(config, this.#task),
        config.PROCESSOR_TRANSACTION_TIMEOUT_MS,
      )
      : new PlainTaskProducer(kafka, semantics, control.commitOffsets);
    await this.#producer.open();
    this.#outputs = new TaskOutputs({
      names,
      changelogTopic,
      task: this.#task,
      enrichedPartitions: (await partitionOffsets(admin, names.enriched))
        .length,
      semantics,
    });
    // Read only after fencing: the previous owner can no longer add to it.
    const { low, end } = await changelogRange(
      admin,
      changelogTopic,
      this.#task,
    );
    this.#restoreEnd = end;
    if (end <= low) return await this.#activate();
    control.seek(changelogTopic, this.#task, low);
    control.resume(changelogTopic, this.#task);
    return null;
  }

  /** Changelog records; resolves with the started task once the restore is complete. */
  async onChangelog(
    messages: KafkaMessage[],
    lastOffset: number,
  ): Promise<Started | null> {
    for (const message of messages) {
      if (Number(message.offset) >= this.#restoreEnd) break;
      this.#restorer.apply(
        message.key?.toString() ?? "",
        message.value === null ? null : message.value.toString(),
      );
    }
    return lastOffset >= this.#restoreEnd - 1 ? await this.#activate() : null;
  }

  async #activate(): Promise<Started> {
    const { control, changelogTopic, admin, config, names } = this.#ctx;
    control.pause(changelogTopic, this.#task);
    const restorer = this.#restorer;
    const outputs = this.#outputs!;
    const start = await startingPositions(admin, {
      groupId: this.#groupId,
      topics: names.store,
      task: this.#task,
    });
    let state = restorer.state;
    let positions = start.positions;
    let replay = restorer.meta?.replay ?? null;
    if (this.#ctx.delivery.semantics !== "exactly-once") {
      return this.#started(state, positions, null);
    }
    const saved = restorer.meta?.positions;
    const changed = saved ? findDivergences(saved, start.committed) : [];
    for (const d of changed) {
      this.#log.warn("offsets changed outside the processor", {
        topic: names.store[d.topicIndex],
        partition: this.#task,
        changelog: d.changelog,
        committed: d.committed,
        rule:
          "state rebuilt from the committed offsets; no output written twice",
      });
    }
    if (saved && changed.length > 0) {
      const next = replayAfterChange({
        changelog: saved,
        committed: start.committed,
        lows: start.lows,
      });
      positions = next.positions;
      replay = next.replay;
      outputs.changelog(forgetAll(state, positions, replay));
      state = newTaskState(
        config.PROCESSOR_ALLOWED_LATENESS_MS,
        config.PROCESSOR_MAX_SKEW_MS,
        config.PROCESSOR_SESSION_GAP_MS,
      );
    } else if (saved) {
      positions = saved;
    } else if (start.committedWithoutState) {
      this.#log.warn(
        "no changelog state but committed offsets: metrics restart empty",
      );
    }
    return this.#started(state, positions, replay);
  }

  /**
   * Without transactions the state (as last written) and the committed
   * offsets are taken as they are, even when they disagree: that is what
   * at-least-once and at-most-once mean after a crash.
   */
  #started(
    state: TaskState,
    positions: number[],
    replay: Replay | null,
  ): Started {
    return {
      producer: this.#producer!,
      outputs: this.#outputs!,
      state,
      positions,
      replay,
      restoredEntries: this.#restorer.entries,
    };
  }
}

/** The one line a task logs when it becomes active. */
export function logActive(log: Logger, started: Started, isolate: boolean) {
  log.info("task active", {
    restored_entries: started.restoredEntries,
    open_windows: started.state.windows.size,
    sessions: started.state.sessions.size,
    positions: started.positions.join(","),
    isolate: isolate || undefined,
    replay: started.replay?.until.join(","),
  });
}

/**
 * Tombstones for every window and session of a discarded state, so that a
 * later restore does not bring them back from the compacted changelog.
 */
function forgetAll(
  state: TaskState,
  positions: number[],
  replay: Replay,
): ChangelogEntry[] {
  for (const start of state.windows.keys()) state.dirtyWindows.add(start);
  for (const id of state.sessions.keys()) state.dirtySessions.add(id);
  state.windows.clear();
  state.sessions.clear();
  return takeChanges(state, positions, replay);
}

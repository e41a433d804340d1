/**
 * How fetched records enter a task: classified (or quarantined), checked
 * for a gap against what the task handled, and paused while a queue is full.
 */
import type { KafkaMessage } from "kafkajs";
import type { Logger } from "../../shared/log.ts";
import { EVENT_TYPES } from "../../shared/schemas/events.ts";
import { DLQ_HEADERS } from "./dead_letter.ts";
import type { Quarantine } from "./poison.ts";
import type { ConsumerControl } from "./task_context.ts";
import type { InputRecord, TaskInput } from "./task_input.ts";
import type { TaskState } from "./task_state.ts";
import { classifyRecord } from "./validate.ts";

/** The replay count a record carries when `deno task dlq replay` produced it. */
function replayCount(m: KafkaMessage): number | undefined {
  const header = m.headers?.[DLQ_HEADERS.replayCount];
  return header === undefined ? undefined : Number(String(header)) || undefined;
}

/** A topic queue holding more than this many records is paused. */
const PAUSE_AT = 2_000;

export interface IntakeOptions {
  task: number;
  topics: string[];
  control: ConsumerControl;
  logger: Logger;
  maxEventBytes: number;
  quarantine: Quarantine | null;
}

export class TaskIntake {
  readonly #options: IntakeOptions;
  readonly #paused = new Set<number>();
  /** Re-seeks per topic for the gap at the expected offset; cleared once past it. */
  readonly #gapSeeks = new Map<number, { at: number; tries: number }>();

  constructor(options: IntakeOptions) {
    this.#options = options;
  }

  /**
   * The new records of a fetched batch, classified; null when the fetcher
   * was sent back to the first record the task has not seen.
   */
  accept(
    topicIndex: number,
    messages: KafkaMessage[],
    input: TaskInput,
    state: TaskState,
  ): InputRecord[] | null {
    const expected = input.fetchedUpTo(topicIndex);
    const fresh = messages.filter((m) => Number(m.offset) >= expected);
    if (fresh.length > 0 && Number(fresh[0].offset) > expected) {
      if (this.#seekBack(topicIndex, expected, fresh[0].offset)) return null;
    } else if (fresh.length > 0) this.#gapSeeks.delete(topicIndex);
    const receivedAt = Date.now();
    return fresh.map((m) => this.#classify(topicIndex, m, state, receivedAt));
  }

  /** Pauses a topic whose queue is full. */
  pauseIfFull(topicIndex: number, input: TaskInput) {
    if (input.buffered(topicIndex) <= PAUSE_AT) return;
    this.#paused.add(topicIndex);
    const { control, topics, task } = this.#options;
    control.pause(topics[topicIndex], task);
  }

  /** Resumes paused topics whose queue has drained enough. */
  resumeDrained(input: TaskInput) {
    const { control, topics, task } = this.#options;
    for (const i of this.#paused) {
      if (input.buffered(i) < PAUSE_AT / 4) {
        this.#paused.delete(i);
        control.resume(topics[i], task);
      }
    }
  }

  /**
   * The fetcher is ahead of what this task handled (a seek raced an
   * in-flight fetch): go back rather than skip records, a few times.
   */
  #seekBack(topicIndex: number, expected: number, got: string): boolean {
    const { control, topics, task, logger } = this.#options;
    const seeks = this.#gapSeeks.get(topicIndex);
    const tries = seeks?.at === expected ? seeks.tries : 0;
    if (tries < 3) {
      this.#gapSeeks.set(topicIndex, { at: expected, tries: tries + 1 });
      control.seek(topics[topicIndex], task, expected);
      return true;
    }
    // Records before `got` are gone from the log (retention or compaction).
    logger.warn("offset gap accepted", {
      topic: topics[topicIndex],
      partition: task,
      expected,
      got,
    });
    this.#gapSeeks.delete(topicIndex);
    return false;
  }

  #classify(
    topicIndex: number,
    m: KafkaMessage,
    state: TaskState,
    receivedAt: number,
  ): InputRecord {
    const offset = Number(m.offset);
    const q = this.#options.quarantine;
    const verdict = q && q.topicIndex === topicIndex && q.offset === offset
      ? {
        ok: false as const,
        reason: "processing_error" as const,
        detail: q.detail,
      }
      : classifyRecord(
        m.value,
        EVENT_TYPES[topicIndex],
        this.#options.maxEventBytes,
      );
    // Only a dead letter needs the original bytes (a kept slice would pin
    // the whole fetched batch in memory while the record waits in the merge):
    // invalid records, and those the skew rule may reject.
    const { maxEventTime, maxSkewMs } = state;
    const keep = !verdict.ok || maxEventTime === null ||
      verdict.time > maxEventTime + maxSkewMs;
    return {
      offset,
      key: keep ? m.key : null,
      value: keep ? m.value : null,
      verdict,
      receivedAt,
      replays: keep ? replayCount(m) : undefined,
    };
  }
}

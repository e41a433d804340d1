/**
 * The batch side of `verify`: every task recomputed from the raw records with
 * the stream's own functions (same merge order, same state transitions).
 */
import type { KafkaMessage } from "kafkajs";
import { EVENT_TYPES } from "../../../shared/schemas/events.ts";
import { pump } from "../pump.ts";
import { windowData } from "../records.ts";
import { TaskInput } from "../task_input.ts";
import { drain, newTaskState, type TaskState } from "../task_state.ts";
import { classifyRecord } from "../validate.ts";
import type { WindowAcc } from "../window_acc.ts";

export type WindowValues = ReturnType<typeof windowData>;

export interface BatchWindow {
  partition: number;
  start: number;
  /** Closed by the event-time watermark (not only by the end-of-input drain). */
  closedByWatermark: boolean;
  data: WindowValues;
}

export interface BatchTotals {
  valid: number;
  rejected: number;
  late: number;
  /** `topic:partition:offset` of every rejected record, with its reason. */
  rejectedAt: Map<string, string>;
}

export interface BatchTaskOptions {
  partition: number;
  /** The five store topics, in `topicNames().store` order. */
  topics: string[];
  /** First and end offset of each topic's partition. */
  lows: number[];
  highs: number[];
  latenessMs: number;
  maxSkewMs: number;
  /** Must be the stream's `PROCESSOR_SESSION_GAP_MS`, or cart ends land elsewhere. */
  sessionGapMs?: number;
  /** Events larger than this are rejected as oversized. */
  maxBytes: number;
  /** Shared across tasks: what every task counted. */
  totals: BatchTotals;
}

export class BatchTask {
  readonly input: TaskInput;
  readonly state: TaskState;
  readonly windows: BatchWindow[] = [];
  readonly partition: number;
  readonly topics: string[];
  readonly maxBytes: number;
  readonly totals: BatchTotals;

  constructor(options: BatchTaskOptions) {
    this.partition = options.partition;
    this.topics = options.topics;
    this.maxBytes = options.maxBytes;
    this.totals = options.totals;
    this.input = new TaskInput(options.lows);
    options.highs.forEach((high, i) => this.input.setHighWatermark(i, high));
    this.state = newTaskState(
      options.latenessMs,
      options.maxSkewMs,
      options.sessionGapMs,
    );
  }

  /** A fetched batch; `lastOffset` also covers transaction markers. */
  add(topicIndex: number, messages: KafkaMessage[], lastOffset: number) {
    this.input.append(
      topicIndex,
      messages.map((m) => ({
        offset: Number(m.offset),
        key: null,
        value: null,
        verdict: classifyRecord(
          m.value,
          EVENT_TYPES[topicIndex],
          this.maxBytes,
        ),
      })),
    );
    this.input.fetchedThrough(topicIndex, lastOffset);
    this.#pump();
  }

  #collect(windows: WindowAcc[], byWatermark: boolean) {
    for (const acc of windows) {
      this.windows.push({
        partition: this.partition,
        start: acc.start,
        closedByWatermark: byWatermark,
        data: windowData(acc),
      });
    }
  }

  #pump() {
    const { totals } = this;
    pump(this.input, this.state, {
      deadLetter: (topicIndex, record, verdict) => {
        totals.rejected++;
        totals.rejectedAt.set(
          `${this.topics[topicIndex]}:${this.partition}:${record.offset}`,
          verdict.reason,
        );
      },
      event: (_i, _r, _v, late) => {
        totals.valid++;
        if (late) totals.late++;
      },
      closed: (windows) => this.#collect(windows, true),
    });
  }

  /** End of input: what remains is closed as the stream's `--drain` does. */
  finish() {
    this.#pump();
    const closed: WindowAcc[] = [];
    drain(this.state, closed);
    this.#collect(closed, false);
  }
}

/**
 * One task (one partition index of the five store topics) at the Kafka edge:
 * fence, restore, merge its inputs, emit, commit. The Kafka work lives in
 * task_producer.ts, task_restore.ts and task_outputs.ts; the logic in pure
 * modules. A closed task never acts again: queued work is skipped, and the
 * processor's consumer control ignores it once it has been replaced.
 */
import type { Admin, Kafka, KafkaMessage } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import type { Logger } from "../../shared/log.ts";
import { EVENT_TYPES } from "../../shared/schemas/events.ts";
import {
  processorGroupId,
  taskTransactionalId,
  type TopicNames,
} from "../../shared/topics.ts";
import { partitionOffsets } from "../../shared/offsets.ts";
import { COMMIT_RECORDS, commitDue } from "./commit_policy.ts";
import { emitDue } from "./emit_schedule.ts";
import {
  countIn,
  countOut,
  type HealthAcc,
  healthRecord,
  newHealth,
} from "./health.ts";
import { type Quarantine, stillIsolating } from "./poison.ts";
import { pumpBounded, type PumpSink } from "./pump.ts";
import { windowRecords } from "./records.ts";
import { StateRestorer, takeChanges } from "./state_codec.ts";
import type { RunStats } from "./stats.ts";
import { TaskOutputs } from "./task_outputs.ts";
import { TaskProducer } from "./task_producer.ts";
import { changelogRange, startingPositions } from "./task_restore.ts";
import { type InputRecord, TaskInput } from "./task_input.ts";
import {
  advanceFrontier,
  drain,
  openCarts,
  type TaskState,
} from "./task_state.ts";
import { idleFrontier, windowStartOf } from "./time.ts";
import { classifyRecord } from "./validate.ts";
import type { WindowAcc } from "./window_acc.ts";

export interface ConsumerControl {
  seek(topic: string, partition: number, offset: number): void;
  pause(topic: string, partition: number): void;
  resume(topic: string, partition: number): void;
}

export interface TaskContext {
  kafka: Kafka;
  admin: Admin;
  config: Config;
  names: TopicNames;
  changelogTopic: string;
  instanceId: string;
  logger: Logger;
  /** Acts only while this task is the current owner of its index. */
  control: ConsumerControl;
  stats: RunStats;
}

export interface TaskOptions {
  /**
   * Commit after every record until the committed offsets reach these, so
   * that a record that keeps failing is found (see poison.ts).
   */
  isolateUntil?: number[] | null;
  /** A record to dead-letter instead of handling: it failed the task before. */
  quarantine?: Quarantine | null;
}

/** A topic queue holding more than this many records is paused. */
const PAUSE_AT = 2_000;

type Phase = "starting" | "restoring" | "active" | "closed";

export class Task {
  phase: Phase = "starting";
  state!: TaskState;
  input!: TaskInput;
  /** Offsets committed by the last transaction, per store topic. */
  committed: number[] = [];
  /** The last record taken since the last commit: the suspect when a commit fails. */
  lastTaken: { topicIndex: number; offset: number } | null = null;
  readonly #ctx: TaskContext;
  readonly #log: Logger;
  readonly #options: TaskOptions;
  readonly #groupId: string;
  #producer: TaskProducer | null = null;
  #outputs!: TaskOutputs;
  #restorer: StateRestorer;
  #restoreEnd = 0;
  #emitDirty = new Set<number>();
  #health: HealthAcc;
  #lastCommit = 0;
  #clock = { lastEmit: 0, lastHealth: 0 };
  #idleSince = 0;
  #paused = new Set<number>();
  /** Re-seeks per topic for the gap at the expected offset; cleared once past it. */
  #gapSeeks = new Map<number, { at: number; tries: number }>();
  #lock: Promise<unknown> = Promise.resolve();
  #now = 0;
  #late = 0;

  constructor(
    readonly index: number,
    ctx: TaskContext,
    options: TaskOptions = {},
  ) {
    this.#ctx = ctx;
    this.#options = options;
    this.#log = ctx.logger.child(`task-${index}`);
    this.#groupId = processorGroupId(ctx.config);
    this.#restorer = new StateRestorer({
      latenessMs: ctx.config.PROCESSOR_ALLOWED_LATENESS_MS,
      maxSkewMs: ctx.config.PROCESSOR_MAX_SKEW_MS,
      sessionGapMs: ctx.config.PROCESSOR_SESSION_GAP_MS,
    });
    this.#health = newHealth(Date.now());
  }

  /** Runs `fn` after everything queued before it; skipped once the task is closed. */
  run<T>(fn: () => Promise<T> | T): Promise<T | undefined> {
    const next = this.#lock.then(() =>
      this.phase === "closed" ? undefined : fn()
    );
    this.#lock = next.catch(() => {});
    return next;
  }

  get #storeTopics(): string[] {
    return this.#ctx.names.store;
  }

  /** Fences any previous owner first, then starts reading the changelog. */
  async open(): Promise<void> {
    const { kafka, config, admin, changelogTopic, control, names } = this.#ctx;
    for (const topic of [...this.#storeTopics, changelogTopic]) {
      control.pause(topic, this.index);
    }
    const producer = new TaskProducer(
      kafka,
      taskTransactionalId(config, this.index),
      config.PROCESSOR_TRANSACTION_TIMEOUT_MS,
    );
    this.#producer = producer;
    await producer.open();
    if (this.phase === "closed") return;
    this.#outputs = new TaskOutputs({
      names,
      changelogTopic,
      task: this.index,
      enrichedPartitions: (await partitionOffsets(admin, names.enriched))
        .length,
    });
    // Read only after fencing: the previous owner can no longer add to it.
    const { low, end } = await changelogRange(
      admin,
      changelogTopic,
      this.index,
    );
    this.#restoreEnd = end;
    if (end <= low) return await this.#activate();
    this.phase = "restoring";
    control.seek(changelogTopic, this.index, low);
    control.resume(changelogTopic, this.index);
  }

  /** Changelog records read while restoring; `lastOffset` also covers filtered batches. */
  async onChangelog(messages: KafkaMessage[], lastOffset: number) {
    if (this.phase !== "restoring") return;
    for (const message of messages) {
      if (Number(message.offset) >= this.#restoreEnd) break;
      this.#restorer.apply(
        message.key?.toString() ?? "",
        message.value === null ? null : message.value.toString(),
      );
    }
    if (lastOffset >= this.#restoreEnd - 1) await this.#activate();
  }

  async #activate() {
    const { control, changelogTopic, admin } = this.#ctx;
    control.pause(changelogTopic, this.index);
    const restorer = this.#restorer;
    let positions = restorer.meta?.positions;
    if (!positions) {
      const start = await startingPositions(admin, {
        groupId: this.#groupId,
        topics: this.#storeTopics,
        task: this.index,
      });
      if (start.committedWithoutState) {
        this.#log.warn(
          "no changelog state but committed offsets: metrics restart empty",
        );
      }
      positions = start.positions;
    }
    if (this.phase === "closed") return;
    this.state = restorer.state;
    this.input = new TaskInput(positions);
    this.committed = [...positions];
    const now = Date.now();
    this.#lastCommit = now;
    this.#idleSince = now;
    await this.refreshHighWatermarks();
    this.#storeTopics.forEach((topic, i) => {
      control.seek(topic, this.index, positions[i]);
      control.resume(topic, this.index);
    });
    this.phase = "active";
    this.#log.info("task active", {
      restored_entries: restorer.entries,
      open_windows: this.state.windows.size,
      sessions: this.state.sessions.size,
      positions: positions.join(","),
      isolate: this.#isolating() || undefined,
    });
  }

  async refreshHighWatermarks() {
    const { admin } = this.#ctx;
    await Promise.all(this.#storeTopics.map(async (topic, i) => {
      const high = (await partitionOffsets(admin, topic))[this.index]?.high;
      if (high !== undefined) this.input.setHighWatermark(i, high);
    }));
  }

  /** A fetched batch of a store topic. */
  async onRecords(
    topicIndex: number,
    messages: KafkaMessage[],
    highWatermark: number,
  ) {
    if (this.phase !== "active") return;
    const started = performance.now();
    const topic = this.#storeTopics[topicIndex];
    const expected = this.input.fetchedUpTo(topicIndex);
    const fresh = messages.filter((m) => Number(m.offset) >= expected);
    if (fresh.length > 0 && Number(fresh[0].offset) > expected) {
      if (this.#seekBackToGap(topicIndex, expected, fresh[0].offset)) return;
    } else if (fresh.length > 0) this.#gapSeeks.delete(topicIndex);
    const records = fresh.map((m) => this.#classify(topicIndex, m));
    this.input.append(topicIndex, records);
    this.input.setHighWatermark(topicIndex, highWatermark);
    countIn(this.#health, topic, records.length);
    this.#ctx.stats.recordsIn += records.length;
    if (this.input.buffered(topicIndex) > PAUSE_AT) {
      this.#paused.add(topicIndex);
      this.#ctx.control.pause(topic, this.index);
    }
    await this.#pump(Date.now());
    this.#health.batches++;
    this.#health.batchMs += performance.now() - started;
    await this.#commitIfDue(Date.now());
  }

  /**
   * The fetcher is ahead of what this task handled (a seek raced an
   * in-flight fetch): go back rather than skip records, a few times.
   */
  #seekBackToGap(topicIndex: number, expected: number, got: string): boolean {
    const seeks = this.#gapSeeks.get(topicIndex);
    const tries = seeks?.at === expected ? seeks.tries : 0;
    if (tries < 3) {
      this.#gapSeeks.set(topicIndex, { at: expected, tries: tries + 1 });
      this.#ctx.control.seek(
        this.#storeTopics[topicIndex],
        this.index,
        expected,
      );
      return true;
    }
    // Records before `got` are gone from the log (retention or compaction).
    this.#log.warn("offset gap accepted", {
      topic: this.#storeTopics[topicIndex],
      partition: this.index,
      expected,
      got,
    });
    this.#gapSeeks.delete(topicIndex);
    return false;
  }

  #classify(topicIndex: number, m: KafkaMessage): InputRecord {
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
        this.#ctx.config.PROCESSOR_MAX_EVENT_BYTES,
      );
    // Only a dead letter needs the original bytes (a kept slice would pin
    // the whole fetched batch in memory while the record waits in the merge):
    // invalid records, and those the skew rule may reject.
    const { maxEventTime, maxSkewMs } = this.state;
    const keep = !verdict.ok || maxEventTime === null ||
      verdict.time > maxEventTime + maxSkewMs;
    return {
      offset,
      key: keep ? m.key : null,
      value: keep ? m.value : null,
      verdict,
    };
  }

  #sink(): PumpSink {
    return {
      deadLetter: (topicIndex, record, verdict) => {
        this.lastTaken = { topicIndex, offset: record.offset };
        this.#health.deadLetters++;
        this.#outputs.deadLetter(
          {
            topic: this.#storeTopics[topicIndex],
            partition: this.index,
            offset: record.offset,
            key: record.key,
            value: record.value,
          },
          verdict,
          this.#now,
        );
      },
      event: (topicIndex, record, verdict, late) => {
        this.lastTaken = { topicIndex, offset: record.offset };
        if (late) {
          this.#late++;
          this.#health.lateEvents++;
        }
        this.#outputs.enriched(verdict.event);
      },
      closed: (windows) => this.#emitClosed(windows),
    };
  }

  #emitClosed(windows: WindowAcc[]) {
    for (const acc of windows) {
      this.#emitDirty.delete(acc.start);
      this.#outputs.metrics(windowRecords(acc, this.index, true, this.#now));
    }
  }

  async #pump(now: number) {
    this.#now = now;
    const taken = await pumpBounded(
      this.input,
      this.state,
      this.#sink(),
      () => this.#outputs.count,
      this.#isolating() ? 1 : COMMIT_RECORDS,
      () => this.commit(Date.now()),
    );
    if (taken > 0) this.#idleSince = now;
    for (const start of this.state.dirtyWindows) this.#emitDirty.add(start);
    for (const i of this.#paused) {
      if (this.input.buffered(i) < PAUSE_AT / 4) {
        this.#paused.delete(i);
        this.#ctx.control.resume(this.#storeTopics[i], this.index);
      }
    }
  }

  #isolating(): boolean {
    return stillIsolating(this.committed, this.#options.isolateUntil ?? null);
  }

  /** Sizes that bound memory, for the processor's debug log. */
  footprint() {
    if (this.phase !== "active") {
      return { buffered: 0, sessions: 0, windows: 0, outbox: 0 };
    }
    let buffered = 0;
    for (let i = 0; i < this.input.topicCount; i++) {
      buffered += this.input.buffered(i);
    }
    return {
      buffered,
      sessions: this.state.sessions.size,
      windows: this.state.windows.size,
      outbox: this.#outputs.count,
    };
  }

  /** Every input has reached the high watermark last seen. */
  allAtEnd(): boolean {
    for (let i = 0; i < this.input.topicCount; i++) {
      if (!this.input.atEnd(i)) return false;
    }
    return true;
  }

  /** Timer work: idle watermark, live emissions, health, time-based commit. */
  async tick(now: number) {
    if (this.phase !== "active") return;
    await this.#pump(now);
    const frontier = idleFrontier({
      maxEventTime: this.state.maxEventTime,
      idleSince: this.#idleSince,
      allAtEnd: this.allAtEnd(),
      latenessMs: this.state.latenessMs,
    }, now);
    if (frontier !== null) {
      const closed: WindowAcc[] = [];
      advanceFrontier(this.state, frontier, closed);
      this.#now = now;
      this.#emitClosed(closed);
    }
    const due = emitDue(this.#clock, now);
    if (due.open) this.#emitOpen(now);
    if (due.health) this.#emitHealth(now);
    await this.#commitIfDue(now);
  }

  /** True while the task is active and has nothing left to commit: idle is progress too. */
  idle(): boolean {
    return this.phase === "active" && !this.#hasWork();
  }

  async #commitIfDue(now: number) {
    let backlog = 0;
    for (let i = 0; i < this.input.topicCount; i++) {
      backlog += Math.max(
        0,
        this.input.highWatermark(i) - this.input.position(i),
      );
    }
    const due = commitDue({
      now,
      lastCommit: this.#lastCommit,
      hasWork: this.#hasWork(),
      backlog,
    });
    if (due) await this.commit(now);
  }

  #emitOpen(now: number) {
    this.#clock.lastEmit = now;
    for (const start of this.state.dirtyWindows) this.#emitDirty.add(start);
    for (const start of this.#emitDirty) {
      const acc = this.state.windows.get(start);
      if (acc) {
        this.#outputs.metrics(windowRecords(acc, this.index, false, now));
      }
    }
    this.#emitDirty.clear();
  }

  #lag(): Record<string, number> {
    return Object.fromEntries(this.#storeTopics.map((topic, i) => [
      topic,
      Math.max(0, this.input.highWatermark(i) - this.committed[i]),
    ]));
  }

  #emitHealth(now: number) {
    this.#clock.lastHealth = now;
    const base = {
      partition: this.index,
      instanceId: this.#ctx.instanceId,
      lag: this.#lag(),
      now,
      stateDropped: this.state.dropped,
      watermark: this.state.maxEventTime,
      latenessMs: this.state.latenessMs,
      sessionGapMs: this.state.sessionGapMs,
      openCarts: openCarts(this.state),
    };
    if (windowStartOf(now) !== this.#health.minute) {
      this.#outputs.metrics([
        healthRecord(this.#health, { ...base, final: true }),
      ]);
      this.#health = newHealth(now);
    }
    this.#outputs.metrics([
      healthRecord(this.#health, { ...base, final: false }),
    ]);
  }

  #hasWork(): boolean {
    if (this.#outputs.count > 0 || this.state.dirtyWindows.size > 0) {
      return true;
    }
    if (this.state.dirtySessions.size > 0) return true;
    const positions = this.input.positions();
    return positions.some((p, i) => p !== this.committed[i]);
  }

  /** One transaction: outputs, changelog and input offsets, all or nothing. */
  async commit(now: number) {
    if (this.phase !== "active" || !this.#producer) return;
    const { names, stats } = this.#ctx;
    const positions = this.input.positions();
    // takeChanges() clears the dirty marks the next live emission reads.
    for (const start of this.state.dirtyWindows) this.#emitDirty.add(start);
    this.#outputs.changelog(takeChanges(this.state, positions));
    const counts = this.#outputs.counts();
    try {
      await this.#producer.commit({
        chunks: this.#outputs.drain(),
        groupId: this.#groupId,
        offsets: this.#storeTopics.map((topic, i) => ({
          topic,
          partition: this.index,
          offset: positions[i],
        })),
      });
    } catch (error) {
      this.#health.errors++;
      throw new TaskFailure(this.index, this.committed, positions, error);
    }
    this.committed = positions;
    this.lastTaken = null;
    this.#lastCommit = now;
    stats.transactions++;
    stats.enrichedOut += counts.enriched;
    stats.metricsOut += counts.metrics;
    stats.deadLetters += counts.deadLetters;
    stats.changelogOut += counts.changelog;
    stats.lateEvents += this.#late;
    this.#late = 0;
    countOut(this.#health, names.enriched, counts.enriched);
    countOut(this.#health, names.metrics, counts.metrics);
    countOut(this.#health, names.deadLetter, counts.deadLetters);
  }

  /** Committed, nothing waiting, and every input at or past `targets`. */
  caughtUp(targets: number[]): boolean {
    if (this.phase !== "active" || this.#hasWork()) return false;
    return this.committed.every((offset, i) => offset >= targets[i]);
  }

  /** End of input: close every window and session, and commit. */
  async drainAndCommit(now: number) {
    if (this.phase !== "active") return;
    this.#now = now;
    const closed: WindowAcc[] = [];
    drain(this.state, closed);
    this.#emitClosed(closed);
    this.#emitHealth(now);
    await this.commit(now);
  }

  /** Emits what is open and commits: for a graceful shutdown. */
  async flush(now: number) {
    if (this.phase !== "active") return;
    await this.#pump(now);
    this.#emitOpen(now);
    this.#emitHealth(now);
    await this.commit(now);
  }

  /**
   * Stops the task for good: queued work is skipped from now on; the work in
   * hand finishes (a replacement has fenced its producer, so it cannot
   * commit), then the producer disconnects.
   */
  async close() {
    this.phase = "closed";
    await this.#lock;
    await this.#producer?.close();
    this.#producer = null;
  }
}

/** A failed commit, with where the task stood: topic offsets for the log line. */
export class TaskFailure extends Error {
  constructor(
    readonly task: number,
    readonly committed: number[],
    readonly positions: number[],
    override readonly cause: unknown,
  ) {
    super(
      `Cannot commit task ${task} (offsets ${committed.join(",")} -> ${
        positions.join(",")
      }): ${(cause as Error)?.message ?? cause}`,
    );
    this.name = "TaskFailure";
  }
}

/**
 * One task (one partition index of the store topics): start (task_start.ts),
 * take records in (task_intake.ts), pump, write (task_writer.ts), commit. A
 * closed task never acts again: queued work is skipped.
 */
import type { KafkaMessage } from "kafkajs";
import type { Logger } from "../../shared/log.ts";
import { partitionOffsets } from "../../shared/offsets.ts";
import { processorGroupId } from "../../shared/topics.ts";
import { COMMIT_RECORDS, commitDue } from "./commit_policy.ts";
import { countIn } from "./health.ts";
import { stillIsolating } from "./poison.ts";
import { pumpBounded } from "./pump.ts";
import { countCommit } from "./stats.ts";
import type { TaskContext, TaskOptions, TaskPhase } from "./task_context.ts";
import { TaskIntake } from "./task_intake.ts";
import { TaskFailure } from "./task_failure.ts";
import { logActive, type Started, TaskStarter } from "./task_start.ts";
import { TaskWriter } from "./task_writer.ts";
import { TaskInput } from "./task_input.ts";
import { advanceFrontier, drain, type TaskState } from "./task_state.ts";
import { idleFrontier } from "./time.ts";
import type { WindowAcc } from "./window_acc.ts";

export type {
  ConsumerControl,
  TaskContext,
  TaskOptions,
} from "./task_context.ts";
export { TaskFailure } from "./task_failure.ts";

export class Task {
  phase: TaskPhase = "starting";
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
  readonly #intake: TaskIntake;
  readonly #starter: TaskStarter;
  #w!: TaskWriter;
  #lastCommit = 0;
  #idleSince = 0;
  #lock: Promise<unknown> = Promise.resolve();
  #now = 0;

  constructor(
    readonly index: number,
    ctx: TaskContext,
    options: TaskOptions = {},
  ) {
    this.#ctx = ctx;
    this.#options = options;
    this.#log = ctx.logger.child(`task-${index}`);
    this.#groupId = processorGroupId(ctx.config);
    this.#starter = new TaskStarter({
      task: index,
      ctx,
      logger: this.#log,
      groupId: this.#groupId,
    });
    this.#intake = new TaskIntake({
      task: index,
      topics: ctx.names.store,
      control: ctx.control,
      logger: this.#log,
      maxEventBytes: ctx.config.PROCESSOR_MAX_EVENT_BYTES,
      quarantine: options.quarantine ?? null,
    });
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
  /** Fences any previous owner first, then restores (task_start.ts). */
  async open(): Promise<void> {
    const started = await this.#starter.open();
    if (started) return await this.#begin(started);
    if (this.phase !== "closed") this.phase = "restoring";
  }

  /** Changelog records read while restoring; `lastOffset` also covers filtered batches. */
  async onChangelog(messages: KafkaMessage[], lastOffset: number) {
    if (this.phase !== "restoring") return;
    const started = await this.#starter.onChangelog(messages, lastOffset);
    if (started) await this.#begin(started);
  }

  async #begin(started: Started) {
    if (this.phase === "closed") return;
    const { positions } = started;
    this.#w = new TaskWriter({
      owner: this,
      instanceId: this.#ctx.instanceId,
      topics: this.#storeTopics,
      outputs: started.outputs,
      replay: started.replay,
      now: () => this.#now,
    });
    this.state = started.state;
    this.input = new TaskInput(positions);
    this.committed = [...positions];
    this.#lastCommit = this.#idleSince = Date.now();
    await this.refreshHighWatermarks();
    this.#storeTopics.forEach((topic, i) => {
      this.#ctx.control.seek(topic, this.index, positions[i]);
      this.#ctx.control.resume(topic, this.index);
    });
    this.phase = "active";
    logActive(this.#log, started, this.#isolating());
  }

  async refreshHighWatermarks() {
    const { admin } = this.#ctx;
    // The ends answer for the log as it was at least at this moment.
    const asked = Date.now();
    await Promise.all(this.#storeTopics.map(async (topic, i) => {
      const high = (await partitionOffsets(admin, topic))[this.index]?.high;
      if (high !== undefined) this.input.setHighWatermark(i, high, asked);
    }));
  }

  /** A fetched batch of a store topic; `lastOffset` also covers markers (transactional input). */
  async onRecords(
    topicIndex: number,
    messages: KafkaMessage[],
    highWatermark: number,
    lastOffset: number,
  ) {
    if (this.phase !== "active") return;
    const started = performance.now();
    const { input, state } = this;
    const records = this.#intake.accept(topicIndex, messages, input, state);
    if (records === null) return;
    const topic = this.#storeTopics[topicIndex];
    await this.#starter.producer?.fetched(topic, this.index, lastOffset + 1);
    this.input.append(topicIndex, records);
    this.input.fetchedThrough(topicIndex, lastOffset);
    this.input.setHighWatermark(topicIndex, highWatermark, Date.now());
    countIn(this.#w.emitter.health, topic, records.length);
    this.#ctx.stats.recordsIn += records.length;
    this.#intake.pauseIfFull(topicIndex, this.input);
    await this.#pump(Date.now());
    this.#w.emitter.health.batches++;
    this.#w.emitter.health.batchMs += performance.now() - started;
    await this.#commitIfDue(Date.now());
  }

  async #pump(now: number) {
    this.#now = now;
    const taken = await pumpBounded(
      this.input,
      this.state,
      this.#w.sink,
      () => this.#w.outputs.count,
      this.#isolating() ? 1 : COMMIT_RECORDS,
      () => this.commit(Date.now()),
    );
    if (taken > 0) this.#idleSince = now;
    this.#w.emitter.markDirty(this.state);
    this.#intake.resumeDrained(this.input);
  }

  #isolating(): boolean {
    return stillIsolating(this.committed, this.#options.isolateUntil ?? null);
  }

  /** Output records waiting for the next transaction. */
  get outbox(): number {
    return this.phase === "active" ? this.#w.outputs.count : 0;
  }

  /** Timer work: idle watermark, live emissions, health, time-based commit. */
  async tick(now: number) {
    if (this.phase !== "active") return;
    await this.#pump(now);
    const frontier = idleFrontier({
      maxEventTime: this.state.maxEventTime,
      idleSince: this.#idleSince,
      allAtEnd: this.input.allAtEnd(),
      latenessMs: this.state.latenessMs,
    }, now);
    if (frontier !== null) {
      const closed: WindowAcc[] = [];
      advanceFrontier(this.state, frontier, closed);
      this.#w.emitter.closed(closed, now);
    }
    this.#w.emitter.tick(this.state, this.#lag(), now);
    await this.#commitIfDue(now);
  }

  /** True while the task is active and has nothing left to commit: idle is progress too. */
  idle(): boolean {
    return this.phase === "active" && !this.#hasWork();
  }

  async #commitIfDue(now: number) {
    const due = commitDue({
      now,
      lastCommit: this.#lastCommit,
      hasWork: this.#hasWork(),
      backlog: this.input.backlog(),
    });
    if (due) await this.commit(now);
  }

  #lag(): Record<string, number> {
    const lag = this.input.lagFrom(this.committed);
    return Object.fromEntries(this.#storeTopics.map((t, i) => [t, lag[i]]));
  }

  #hasWork(): boolean {
    const { dirtyWindows, dirtySessions } = this.state;
    if (this.#w.outputs.count + dirtyWindows.size + dirtySessions.size > 0) {
      return true;
    }
    const positions = this.input.positions();
    return positions.some((p, i) => p !== this.committed[i]);
  }

  /** One transaction: outputs, changelog and input offsets, all or nothing. */
  async commit(now: number, options: { final?: boolean } = {}) {
    const producer = this.#starter.producer;
    if (this.phase !== "active" || !producer) return;
    const positions = this.input.positions();
    const moves = positions.some((p, i) => p !== this.committed[i]);
    this.#w.prepareCommit(this.state, positions);
    const counts = this.#w.outputs.counts();
    try {
      await producer.commit({
        chunks: this.#w.outputs.drain(),
        groupId: this.#groupId,
        topics: this.#storeTopics,
        partition: this.index,
        positions,
        final: options.final ?? false,
        midway: moves ? this.#ctx.delivery.midway : () => {},
      });
    } catch (error) {
      this.#w.emitter.health.errors++;
      throw new TaskFailure(this.index, this.committed, positions, error);
    }
    this.committed = positions;
    this.lastTaken = null;
    this.#lastCommit = now;
    countCommit(this.#ctx.stats, counts, this.#w.emitter.takeLate());
    this.#w.emitter.countCommitted(counts);
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
    this.#w.emitter.closed(closed, now);
    this.#w.emitter.healthRecords(this.state, this.#lag(), now);
    await this.commit(now, { final: true });
  }

  /** Emits what is open and commits: for a graceful shutdown. */
  async flush(now: number) {
    if (this.phase !== "active") return;
    await this.#pump(now);
    this.#w.emitter.open(this.state, now);
    this.#w.emitter.healthRecords(this.state, this.#lag(), now);
    await this.commit(now, { final: true });
  }

  /** Stops for good: queued work is skipped; the work in hand finishes (a replacement fenced it). */
  async close() {
    this.phase = "closed";
    await this.#lock;
    await this.#starter.producer?.close();
  }
}

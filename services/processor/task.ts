/**
 * One task at the Kafka edge: its transactional producer (fencing any other
 * owner), its state restored from the changelog, its input queues, and the
 * transaction that commits outputs, changelog and offsets together.
 */
import {
  type Admin,
  type Kafka,
  type KafkaMessage,
  Partitioners,
  type Producer,
} from "kafkajs";
import type { Config } from "../../shared/config.ts";
import { createProducer } from "../../shared/kafka.ts";
import type { Logger } from "../../shared/log.ts";
import { metricKey, type MetricRecord } from "../../shared/schemas/metrics.ts";
import type { TopicNames } from "../../shared/topics.ts";
import { deadLetterMessage } from "./dead_letter.ts";
import { enrich } from "./enrich.ts";
import {
  countIn,
  countOut,
  type HealthAcc,
  healthRecord,
  newHealth,
} from "./health.ts";
import { Outbox } from "./outbox.ts";
import { COMMIT_RECORDS, commitDue } from "./commit_policy.ts";
import { pumpBounded, type PumpSink } from "./pump.ts";
import { windowRecords } from "./records.ts";
import { StateRestorer, takeChanges } from "./state_codec.ts";
import type { RunStats } from "./stats.ts";
import { type InputRecord, TaskInput } from "./task_input.ts";
import { advanceFrontier, drain, type TaskState } from "./task_state.ts";
import { idleFrontier, windowStartOf } from "./time.ts";
import { classifyRecord } from "./validate.ts";
import type { WindowAcc } from "./window_acc.ts";
import { EVENT_TYPES } from "../../shared/schemas/events.ts";

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
  control: ConsumerControl;
  stats: RunStats;
}

const EMIT_INTERVAL_MS = 1_000;
const HEALTH_INTERVAL_MS = 5_000;
const PAUSE_AT = 2_000;

type Phase = "starting" | "restoring" | "active" | "closed";

export class Task {
  phase: Phase = "starting";
  state!: TaskState;
  input!: TaskInput;
  /** Offsets committed by the last transaction, per store topic. */
  committed: number[] = [];
  readonly #ctx: TaskContext;
  readonly #log: Logger;
  #producer: Producer | null = null;
  #restorer: StateRestorer;
  #restoreEnd = 0;
  #outbox = new Outbox();
  #emitDirty = new Set<number>();
  #health: HealthAcc;
  #lastCommit = 0;
  #lastEmit = 0;
  #lastHealth = 0;
  #idleSince = 0;
  #paused = new Set<number>();
  #gapSeeks = new Map<string, number>();
  #lock: Promise<unknown> = Promise.resolve();
  #now = 0;
  #late = 0;
  /** Enriched records are keyed by event type: five keys, hashed once. */
  #enrichedPartition = new Map<string, number>();

  constructor(readonly index: number, ctx: TaskContext) {
    this.#ctx = ctx;
    this.#log = ctx.logger.child(`task-${index}`);
    this.#restorer = new StateRestorer(
      ctx.config.PROCESSOR_ALLOWED_LATENESS_MS,
    );
    this.#health = newHealth(Date.now());
  }

  /** Runs `fn` after everything queued before it on this task. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.#lock.then(fn);
    this.#lock = next.catch(() => {});
    return next;
  }

  get #storeTopics(): string[] {
    return this.#ctx.names.store;
  }

  /** Fences any previous owner, then starts reading the changelog. */
  async open(): Promise<void> {
    const { kafka, config, admin, changelogTopic, control } = this.#ctx;
    // Nothing is read for this task until its state is back.
    for (const topic of [...this.#storeTopics, changelogTopic]) {
      control.pause(topic, this.index);
    }
    this.#producer = createProducer(kafka, {
      transactionalId: `${config.PROCESSOR_GROUP_ID}.task-${this.index}`,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
    });
    await this.#producer.connect();
    await this.#hashEnrichedKeys(admin);
    const offsets = await admin.fetchTopicOffsets(changelogTopic);
    const mine = offsets.find((o) => o.partition === this.index);
    const low = Number(mine?.low ?? 0);
    this.#restoreEnd = Number(mine?.high ?? 0);
    if (this.#restoreEnd <= low) {
      await this.#activate();
      return;
    }
    this.phase = "restoring";
    control.seek(changelogTopic, this.index, low);
    control.resume(changelogTopic, this.index);
  }

  /** The partition KafkaJS's default partitioner picks for each event type. */
  async #hashEnrichedKeys(admin: Admin) {
    const topic = this.#ctx.names.enriched;
    const partitionMetadata = (await admin.fetchTopicOffsets(topic)).map((
      o,
    ) => ({
      partitionId: o.partition,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [],
      isr: [],
    }));
    const partitioner = Partitioners.DefaultPartitioner();
    for (const type of EVENT_TYPES) {
      this.#enrichedPartition.set(
        type,
        partitioner({
          topic,
          partitionMetadata,
          message: { key: type, value: null },
        }),
      );
    }
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
    const { control, changelogTopic, admin, config } = this.#ctx;
    control.pause(changelogTopic, this.index);
    const restorer = this.#restorer;
    let positions = restorer.meta?.positions;
    if (!positions) positions = await this.#startingPositions(admin, config);
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
    });
  }

  /** Without a changelog: the group's committed offsets, else the earliest. */
  async #startingPositions(admin: Admin, config: Config): Promise<number[]> {
    const committed = await admin.fetchOffsets({
      groupId: config.PROCESSOR_GROUP_ID,
      topics: this.#storeTopics,
    });
    const positions: number[] = [];
    for (const topic of this.#storeTopics) {
      const offset = committed.find((t) => t.topic === topic)?.partitions
        .find((p) => p.partition === this.index)?.offset;
      if (offset !== undefined && Number(offset) >= 0) {
        positions.push(Number(offset));
        continue;
      }
      const ends = await admin.fetchTopicOffsets(topic);
      positions.push(
        Number(ends.find((e) => e.partition === this.index)?.low ?? 0),
      );
    }
    if (committed.some((t) => t.partitions.some((p) => Number(p.offset) > 0))) {
      this.#log.warn(
        "no changelog state but committed offsets: metrics restart empty",
      );
    }
    return positions;
  }

  async refreshHighWatermarks() {
    const { admin } = this.#ctx;
    await Promise.all(this.#storeTopics.map(async (topic, i) => {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = ends.find((e) => e.partition === this.index);
      if (mine) this.input.setHighWatermark(i, Number(mine.high));
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
    const { config, control } = this.#ctx;
    const topic = this.#storeTopics[topicIndex];
    const type = EVENT_TYPES[topicIndex];
    const expected = this.input.fetchedUpTo(topicIndex);
    const fresh = messages.filter((m) => Number(m.offset) >= expected);
    if (fresh.length > 0 && Number(fresh[0].offset) > expected) {
      const key = `${topicIndex}:${expected}`;
      const tries = this.#gapSeeks.get(key) ?? 0;
      if (tries < 3) {
        // The fetcher is ahead of what this task handled (a seek raced an
        // in-flight fetch): go back rather than skip records.
        this.#gapSeeks.set(key, tries + 1);
        control.seek(topic, this.index, expected);
        return;
      }
      this.#log.warn("offset gap accepted", {
        topic,
        expected,
        got: fresh[0].offset,
      });
    }
    const records: InputRecord[] = fresh.map((m) => {
      const verdict = classifyRecord(
        m.value,
        type,
        config.PROCESSOR_MAX_EVENT_BYTES,
      );
      // Only a dead letter needs the original bytes; a kept slice would pin
      // the whole fetched batch in memory while the record waits in the merge.
      return {
        offset: Number(m.offset),
        key: verdict.ok ? null : m.key,
        value: verdict.ok ? null : m.value,
        verdict,
      };
    });
    this.input.append(topicIndex, records);
    this.input.setHighWatermark(topicIndex, highWatermark);
    countIn(this.#health, topic, records.length);
    this.#ctx.stats.recordsIn += records.length;
    if (this.input.buffered(topicIndex) > PAUSE_AT) {
      this.#paused.add(topicIndex);
      control.pause(topic, this.index);
    }
    await this.#pump(Date.now());
    this.#health.batches++;
    this.#health.batchMs += performance.now() - started;
    await this.#commitIfDue(Date.now());
  }

  #sink(): PumpSink {
    const { names } = this.#ctx;
    return {
      deadLetter: (topicIndex, record, verdict) => {
        this.#health.deadLetters++;
        this.#outbox.add(
          names.deadLetter,
          deadLetterMessage(
            {
              topic: this.#storeTopics[topicIndex],
              partition: this.index,
              offset: record.offset,
              key: record.key,
              value: record.value,
            },
            verdict,
            this.#now,
          ),
        );
      },
      event: (_topicIndex, _record, verdict, late) => {
        if (late) {
          this.#late++;
          this.#health.lateEvents++;
        }
        const type = verdict.event.event_type;
        this.#outbox.add(names.enriched, {
          key: type,
          value: JSON.stringify(enrich(verdict.event)),
          partition: this.#enrichedPartition.get(type),
        });
      },
      closed: (windows) => this.#emitClosed(windows),
    };
  }

  #emitClosed(windows: WindowAcc[]) {
    for (const acc of windows) {
      this.#emitDirty.delete(acc.start);
      this.#addMetrics(windowRecords(acc, this.index, true, this.#now));
    }
  }

  #addMetrics(records: MetricRecord[]) {
    for (const record of records) {
      this.#outbox.add(this.#ctx.names.metrics, {
        key: metricKey(record),
        value: JSON.stringify(record),
      });
    }
  }

  async #pump(now: number) {
    this.#now = now;
    const taken = await pumpBounded(
      this.input,
      this.state,
      this.#sink(),
      () => this.#outbox.count,
      COMMIT_RECORDS,
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

  /** Sizes that bound memory, for the processor's debug log. */
  footprint(): {
    buffered: number;
    sessions: number;
    windows: number;
    outbox: number;
  } {
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
      outbox: this.#outbox.count,
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
      this.#emitClosed(closed);
    }
    if (now - this.#lastEmit >= EMIT_INTERVAL_MS) this.#emitOpen(now);
    if (now - this.#lastHealth >= HEALTH_INTERVAL_MS) this.#emitHealth(now);
    await this.#commitIfDue(now);
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
    this.#lastEmit = now;
    for (const start of this.state.dirtyWindows) this.#emitDirty.add(start);
    for (const start of this.#emitDirty) {
      const acc = this.state.windows.get(start);
      if (acc) this.#addMetrics(windowRecords(acc, this.index, false, now));
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
    this.#lastHealth = now;
    const { instanceId } = this.#ctx;
    if (windowStartOf(now) !== this.#health.minute) {
      this.#addMetrics([
        healthRecord(
          this.#health,
          this.index,
          instanceId,
          this.#lag(),
          true,
          now,
        ),
      ]);
      this.#health = newHealth(now);
    }
    this.#addMetrics([
      healthRecord(
        this.#health,
        this.index,
        instanceId,
        this.#lag(),
        false,
        now,
      ),
    ]);
  }

  #hasWork(): boolean {
    if (this.#outbox.count > 0 || this.state.dirtyWindows.size > 0) return true;
    if (this.state.dirtySessions.size > 0) return true;
    const positions = this.input.positions();
    return positions.some((p, i) => p !== this.committed[i]);
  }

  /** One transaction: outputs, changelog and input offsets, all or nothing. */
  async commit(now: number) {
    if (this.phase !== "active" || !this.#producer) return;
    const { names, changelogTopic, config, stats } = this.#ctx;
    const positions = this.input.positions();
    // takeChanges() clears the dirty marks the next live emission reads.
    for (const start of this.state.dirtyWindows) this.#emitDirty.add(start);
    for (const entry of takeChanges(this.state, positions)) {
      this.#outbox.add(changelogTopic, {
        key: entry.key,
        value: entry.value,
        partition: this.index,
      });
    }
    const counts = {
      enriched: this.#outbox.countFor(names.enriched),
      metrics: this.#outbox.countFor(names.metrics),
      deadLetters: this.#outbox.countFor(names.deadLetter),
      changelog: this.#outbox.countFor(changelogTopic),
    };
    const chunks = this.#outbox.drain();
    const transaction = await this.#producer.transaction();
    try {
      for (const topicMessages of chunks) {
        await transaction.sendBatch({ topicMessages, acks: -1 });
      }
      await transaction.sendOffsets({
        consumerGroupId: config.PROCESSOR_GROUP_ID,
        topics: this.#storeTopics.map((topic, i) => ({
          topic,
          partitions: [{ partition: this.index, offset: String(positions[i]) }],
        })),
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => {});
      this.#health.errors++;
      throw error;
    }
    this.committed = positions;
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

  async close() {
    this.phase = "closed";
    const { control, changelogTopic } = this.#ctx;
    try {
      control.pause(changelogTopic, this.index);
    } catch { /* the consumer may already be gone */ }
    await this.#producer?.disconnect().catch(() => {});
    this.#producer = null;
  }
}

/**
 * The processor at the Kafka edge: one consumer in the group with the
 * co-partitioned assigner, one Task per owned partition index, a timer for
 * time-driven work, and the caught-up check of `--until-caught-up`.
 */
import type { Admin, Consumer, Kafka } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import type { Logger } from "../../shared/log.ts";
import { type TopicNames, topicNames } from "../../shared/topics.ts";
import { coPartitionedAssigner } from "./assigner.ts";
import { ensureChangelog } from "./changelog.ts";
import { newRunStats, type RunStats } from "./stats.ts";
import { type ConsumerControl, Task, type TaskContext } from "./task.ts";

export interface RunOptions {
  untilCaughtUp: boolean;
  drain: boolean;
  instanceId: string;
}

export interface RunResult {
  stats: RunStats;
  elapsedMs: number;
  peakRssBytes: number;
  /** True when `--until-caught-up` finished; false after a signal. */
  caughtUp: boolean;
}

/** Live commits wait for a tick at most this long past their minimum interval. */
const TICK_MS = 50;
const REFRESH_MS = 1_000;
const FOOTPRINT_MS = 5_000;

function isFenced(error: unknown): boolean {
  const e = error as {
    type?: string;
    message?: string;
    originalError?: unknown;
  };
  if (!e) return false;
  if (e.type === "INVALID_PRODUCER_EPOCH" || e.type === "PRODUCER_FENCED") {
    return true;
  }
  if (/fenced|producer epoch/i.test(e.message ?? "")) return true;
  return e.originalError ? isFenced(e.originalError) : false;
}

export class Processor {
  readonly stats = newRunStats();
  readonly #kafka: Kafka;
  readonly #config: Config;
  readonly #options: RunOptions;
  readonly #log: Logger;
  readonly #names: TopicNames;
  #admin!: Admin;
  #consumer!: Consumer;
  #changelog = "";
  #tasks = new Map<number, Task>();
  #assigned: number[] = [];
  #joined = false;
  #targets = new Map<string, number[]>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastRefresh = 0;
  #lastFootprint = 0;
  #peakRss = 0;
  #started = 0;
  #stopping = false;
  #done!: Promise<boolean>;
  #finish!: (caughtUp: boolean) => void;
  #fail!: (error: Error) => void;
  #draining = false;

  constructor(
    kafka: Kafka,
    config: Config,
    options: RunOptions,
    logger: Logger,
  ) {
    this.#kafka = kafka;
    this.#config = config;
    this.#options = options;
    this.#log = logger;
    this.#names = topicNames(config.KAFKA_TOPIC_PREFIX);
    this.#done = new Promise((resolve, reject) => {
      this.#finish = resolve;
      this.#fail = reject;
    });
  }

  /** Starts consuming; resolves when caught up (with `--until-caught-up`) or stopped. */
  async run(): Promise<RunResult> {
    this.#started = Date.now();
    const config = this.#config;
    this.#admin = this.#kafka.admin();
    await this.#admin.connect();
    this.#changelog = await ensureChangelog(
      this.#admin,
      config.KAFKA_TOPIC_PREFIX,
      config.PROCESSOR_GROUP_ID,
      config.KAFKA_REPLICATION_FACTOR,
    );
    if (this.#options.untilCaughtUp) await this.#loadTargets();
    this.#consumer = this.#kafka.consumer({
      groupId: config.PROCESSOR_GROUP_ID,
      partitionAssigners: [coPartitionedAssigner(() => this.#assigned)],
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      rebalanceTimeout: 60_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
      maxWaitTimeInMs: 250,
      readUncommitted: false,
    });
    const consumer = this.#consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.#reconcile(payload.memberAssignment[this.#names.store[0]] ?? []);
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic !== this.#changelog || payload.batchSize > 0) return;
      const task = this.#tasks.get(payload.partition);
      task?.run(() => task.onChangelog([], Number(payload.lastOffset)))
        .catch((error) => this.#taskFailed(task, error));
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.#fail(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...this.#names.store, this.#changelog],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat }) => {
        const task = this.#tasks.get(batch.partition);
        if (!task) return;
        try {
          if (batch.topic === this.#changelog) {
            await task.run(() =>
              task.onChangelog(batch.messages, Number(batch.lastOffset()))
            );
          } else {
            const index = this.#names.store.indexOf(batch.topic);
            await task.run(() =>
              task.onRecords(index, batch.messages, Number(batch.highWatermark))
            );
          }
        } catch (error) {
          this.#taskFailed(task, error);
        }
        await heartbeat();
      },
    });
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    let caughtUp = false;
    try {
      caughtUp = await this.#done;
    } finally {
      await this.#shutdown();
    }
    return {
      stats: this.stats,
      elapsedMs: Date.now() - this.#started,
      peakRssBytes: this.#peakRss,
      caughtUp,
    };
  }

  /** Graceful stop: finish the batch in hand, emit, commit, leave the group. */
  stop() {
    this.#finish(false);
  }

  async #loadTargets() {
    for (const topic of this.#names.store) {
      const offsets = await this.#admin.fetchTopicOffsets(topic);
      const highs: number[] = [];
      for (const o of offsets) highs[o.partition] = Number(o.high);
      this.#targets.set(topic, highs);
    }
  }

  #context(): TaskContext {
    const consumer = this.#consumer;
    const control: ConsumerControl = {
      seek: (topic, partition, offset) =>
        consumer.seek({ topic, partition, offset: String(offset) }),
      pause: (topic, partition) =>
        consumer.pause([{ topic, partitions: [partition] }]),
      resume: (topic, partition) =>
        consumer.resume([{ topic, partitions: [partition] }]),
    };
    return {
      kafka: this.#kafka,
      admin: this.#admin,
      config: this.#config,
      names: this.#names,
      changelogTopic: this.#changelog,
      instanceId: this.#options.instanceId,
      logger: this.#log,
      control,
      stats: this.stats,
    };
  }

  #reconcile(assigned: number[]) {
    this.#joined = true;
    this.#assigned = [...assigned].sort((a, b) => a - b);
    this.#log.info("tasks assigned", {
      instance: this.#options.instanceId,
      tasks: this.#assigned.join(",") || "none",
    });
    for (const [index, task] of this.#tasks) {
      if (this.#assigned.includes(index)) continue;
      this.#tasks.delete(index);
      task.run(() => task.close());
    }
    for (const index of this.#assigned) {
      if (!this.#tasks.has(index)) this.#startTask(index);
    }
  }

  #startTask(index: number) {
    if (this.#stopping) return;
    const task = new Task(index, this.#context());
    this.#tasks.set(index, task);
    task.run(() => task.open()).catch((error) => this.#taskFailed(task, error));
  }

  #taskFailed(task: Task, error: unknown) {
    if (this.#tasks.get(task.index) !== task) return;
    this.#tasks.delete(task.index);
    task.run(() => task.close());
    const fenced = isFenced(error);
    (fenced ? this.#log.warn : this.#log.error)("task stopped", {
      task: task.index,
      reason: fenced ? "fenced by a newer owner" : (error as Error)?.message,
    });
    if (fenced) return;
    // Rebuild it from the changelog if the group still gives it to us.
    setTimeout(() => {
      if (this.#assigned.includes(task.index) && !this.#tasks.has(task.index)) {
        this.#startTask(task.index);
      }
    }, 1_000);
  }

  #tick() {
    const now = Date.now();
    const rss = Deno.memoryUsage().rss;
    if (rss > this.#peakRss) this.#peakRss = rss;
    if (now - this.#lastFootprint >= FOOTPRINT_MS) this.#logFootprint(now);
    if (this.#stopping || this.#draining) return;
    const refresh = now - this.#lastRefresh >= REFRESH_MS;
    if (refresh) this.#lastRefresh = now;
    for (const task of this.#tasks.values()) {
      if (task.phase !== "active") continue;
      task.run(async () => {
        if (refresh) await task.refreshHighWatermarks();
        await task.tick(Date.now());
      }).catch((error) => this.#taskFailed(task, error));
    }
    if (this.#options.untilCaughtUp) this.#checkCaughtUp();
  }

  #logFootprint(now: number) {
    this.#lastFootprint = now;
    const memory = Deno.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    const sums = { buffered: 0, sessions: 0, windows: 0, outbox: 0 };
    for (const task of this.#tasks.values()) {
      const f = task.footprint();
      sums.buffered += f.buffered;
      sums.sessions += f.sessions;
      sums.windows += f.windows;
      sums.outbox += f.outbox;
    }
    this.#log.debug("footprint", {
      rss_mb: mb(memory.rss),
      heap_mb: mb(memory.heapUsed),
      external_mb: mb(memory.external),
      records_in: this.stats.recordsIn,
      ...sums,
    });
  }

  #checkCaughtUp() {
    if (!this.#joined || this.#tasks.size !== this.#assigned.length) return;
    for (const task of this.#tasks.values()) {
      const targets = this.#names.store.map((topic) =>
        this.#targets.get(topic)?.[task.index] ?? 0
      );
      if (!task.caughtUp(targets)) return;
    }
    this.#draining = true;
    const tasks = [...this.#tasks.values()];
    Promise.all(
      tasks.map((task) =>
        this.#options.drain
          ? task.run(() => task.drainAndCommit(Date.now()))
          : Promise.resolve()
      ),
    ).then(() => this.#finish(true), (error) => this.#fail(error));
  }

  async #shutdown() {
    if (this.#stopping) return;
    this.#stopping = true;
    clearInterval(this.#timer);
    await this.#consumer?.stop().catch(() => {});
    for (const task of this.#tasks.values()) {
      await task.run(() => task.flush(Date.now())).catch((error) =>
        this.#log.error("final commit failed", {
          task: task.index,
          error: (error as Error).message,
        })
      );
      await task.run(() => task.close());
    }
    this.#tasks.clear();
    await this.#consumer?.disconnect().catch(() => {});
    await this.#admin?.disconnect().catch(() => {});
    this.#log.info("stopped", { ...this.stats });
  }
}

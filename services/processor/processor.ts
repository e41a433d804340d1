/**
 * The processor: one consumer in the group, one Task per owned partition
 * index (task_registry.ts), a timer for time-driven work and the stall rule.
 */
import type { Admin, Consumer, Kafka } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import type { Logger } from "../../shared/log.ts";
import {
  processorGroupId,
  type TopicNames,
  topicNames,
} from "../../shared/topics.ts";
import { CatchUpTargets } from "./catch_up.ts";
import { ensureTaskChangelog } from "./changelog.ts";
import { FootprintMeter } from "./footprint.ts";
import { ProgressWatch, stallError } from "./progress_watch.ts";
import { newRunStats } from "./stats.ts";
import type { RunResult } from "./summary.ts";
import { routeBatch, routeEmptyBatch } from "./batch_router.ts";
import { consumerConfig } from "./consumer_config.ts";
import { consumerControl } from "./task_context.ts";
import { TaskRegistry } from "./task_registry.ts";
import { type Delivery, newDelivery } from "./delivery.ts";

import type { RunOptions } from "./run_options.ts";

export type { RunResult } from "./summary.ts";
export type { RunOptions } from "./run_options.ts";

/** Live commits wait for a tick at most this long past their minimum interval. */
const TICK_MS = 50;
const REFRESH_MS = 1_000;
const FOOTPRINT_MS = 5_000;

export class Processor {
  readonly stats = newRunStats();
  readonly #kafka: Kafka;
  readonly #config: Config;
  readonly #options: RunOptions;
  readonly #log: Logger;
  readonly #names: TopicNames;
  readonly #groupId: string;
  readonly #watch: ProgressWatch;
  readonly #delivery: Delivery;
  #admin!: Admin;
  #consumer!: Consumer;
  #changelog = "";
  #registry!: TaskRegistry;
  #assigned: number[] = [];
  #joined = false;
  readonly #targets: CatchUpTargets;
  /** Counts rebalances: a drain begun before one must not report after it. */
  #generation = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #ticking = new Set<number>();
  #lastCommitted = new Map<number, string>();
  #lastRefresh = 0;
  readonly #footprint: FootprintMeter;
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
    this.#groupId = processorGroupId(config);
    this.#watch = new ProgressWatch(config.PROCESSOR_STALL_TIMEOUT_MS);
    this.#delivery = newDelivery({ ...options, logger });
    this.#targets = new CatchUpTargets(this.#names.store);
    this.#footprint = new FootprintMeter(logger, FOOTPRINT_MS);
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
    this.#changelog = await ensureTaskChangelog(this.#admin, config);
    if (this.#options.untilCaughtUp) await this.#targets.load(this.#admin);
    this.#consumer = this.#kafka.consumer(
      consumerConfig(
        config,
        this.#groupId,
        () => this.#assigned,
        this.#options.heartbeatMs,
      ),
    );
    this.#registry = this.#createRegistry();
    this.#listen(this.#consumer);
    await this.#consumer.connect();
    await this.#consumer.subscribe({
      topics: [...this.#names.store, this.#changelog],
      fromBeginning: true,
    });
    await this.#options.beforeJoin?.();
    await this.#consume(this.#consumer);
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
      peakRssBytes: this.#footprint.peakRss,
      caughtUp,
    };
  }

  /** Graceful stop: finish the batch in hand, emit, commit, leave the group. */
  stop(caughtUp = false) {
    this.#finish(caughtUp);
  }

  #listen(consumer: Consumer) {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.#reconcile(payload.memberAssignment[this.#names.store[0]] ?? []);
    });
    consumer.on(
      consumer.events.END_BATCH_PROCESS,
      ({ payload }) =>
        routeEmptyBatch(payload, {
          registry: this.#registry,
          storeTopics: this.#names.store,
        }),
    );
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) return this.#fail(payload.error);
      // A restarted consumer has lost the tasks' pauses and seeks: restart them.
      this.#log.warn("consumer restarting: tasks start again", {
        error: payload.error.message,
      });
      this.#registry.retireAll();
    });
  }

  async #consume(consumer: Consumer) {
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, heartbeat }) => {
        await routeBatch(batch, {
          registry: this.#registry,
          changelog: this.#changelog,
          storeTopics: this.#names.store,
        });
        await heartbeat();
      },
    });
  }

  #createRegistry(): TaskRegistry {
    const control = consumerControl(this.#consumer);
    return new TaskRegistry({
      context: {
        kafka: this.#kafka,
        admin: this.#admin,
        config: this.#config,
        names: this.#names,
        changelogTopic: this.#changelog,
        instanceId: this.#options.instanceId,
        logger: this.#log,
        stats: this.stats,
        delivery: this.#delivery,
      },
      control,
      logger: this.#log,
      assigned: () => this.#assigned,
    });
  }

  #reconcile(assigned: number[]) {
    if (this.#stopping) return;
    this.#joined = true;
    this.#assigned = [...assigned].sort((a, b) => a - b);
    this.#log.info("tasks assigned", {
      instance: this.#options.instanceId,
      tasks: this.#assigned.join(",") || "none",
    });
    this.#watch.assigned(this.#assigned, Date.now());
    this.#registry.reconcile(this.#assigned);
    this.#generation++;
    const report = this.#options.onCaughtUp;
    if (report) {
      this.#draining = false;
      report({ caughtUp: false, tasks: this.#assigned });
    }
  }

  #tick() {
    const now = Date.now();
    this.#footprint.sample(now, () => this.#registry.tasks(), this.stats);
    if (this.#stopping || this.#draining) return;
    this.#checkProgress(now);
    const refresh = now - this.#lastRefresh >= REFRESH_MS;
    if (refresh) this.#lastRefresh = now;
    for (const task of this.#registry.tasks()) {
      // One tick in the queue at a time: a slow broker must not grow it.
      if (task.phase !== "active" || this.#ticking.has(task.index)) continue;
      this.#ticking.add(task.index);
      task.run(async () => {
        // Stale ends hold the merge back: ask at once, not at the next refresh.
        if (refresh || task.input.stale) await task.refreshHighWatermarks();
        await task.tick(Date.now());
      }).catch((error) => this.#registry.failed(task, error))
        .finally(() => this.#ticking.delete(task.index));
    }
    if (this.#options.untilCaughtUp) this.#checkCaughtUp();
  }

  /** Progress is a new commit or an idle active task; a stall stops the instance. */
  #checkProgress(now: number) {
    for (const task of this.#registry.tasks()) {
      if (task.phase !== "active") continue;
      const committed = task.committed.join(",");
      if (this.#lastCommitted.get(task.index) !== committed || task.idle()) {
        this.#lastCommitted.set(task.index, committed);
        this.#watch.progressed(task.index, now);
        this.#registry.progressed(task);
      }
    }
    const stall = this.#watch.check(now);
    if (stall) {
      const phase = this.#registry.get(stall.task)?.phase ?? "not running";
      this.#fail(stallError(stall, phase));
    }
  }

  #checkCaughtUp() {
    if (!this.#joined || this.#registry.size !== this.#assigned.length) return;
    const tasks = this.#registry.tasks();
    if (!this.#targets.reached(tasks)) return;
    this.#draining = true;
    const [generation, report] = [this.#generation, this.#options.onCaughtUp];
    Promise.all(
      tasks.map((task) =>
        this.#options.drain
          ? task.run(() => task.drainAndCommit(Date.now()))
          : Promise.resolve()
      ),
    ).then(() => {
      if (!report) return this.#finish(true);
      if (generation !== this.#generation) return;
      report({ caughtUp: true, tasks: [...this.#assigned] });
    }, (error) => this.#fail(error));
  }

  async #shutdown() {
    if (this.#stopping) return;
    this.#stopping = true;
    clearInterval(this.#timer);
    this.#registry?.stop();
    // Paused, not stopped: without transactions offsets are the consumer's
    // own commits, which need it to still be a member.
    const topics = [...this.#names.store, this.#changelog];
    this.#consumer?.pause(topics.map((topic) => ({ topic })));
    await this.#registry?.flushAll();
    await this.#consumer?.stop().catch(() => {});
    await this.#registry?.closeAll();
    this.#registry?.clear();
    await this.#consumer?.disconnect().catch(() => {});
    await this.#admin?.disconnect().catch(() => {});
    this.#log.info("stopped", {
      instance: this.#options.instanceId,
      ...this.stats,
    });
  }
}

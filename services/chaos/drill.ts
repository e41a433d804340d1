/**
 * The chaos drill: a broker of its own, the generator, processors, and the
 * faults of the schedule one after another, each measured from the outside
 * (the group's members and committed offsets); then catch-up, verify and the
 * count of enriched events.
 */
import type { Admin, Kafka, Producer } from "kafkajs";
import { loadConfig } from "../../shared/config.ts";
import {
  createKafka,
  createProducer,
  RELIABLE_PRODUCER,
} from "../../shared/kafka.ts";
import {
  processorGroupId,
  type TopicNames,
  topicNames,
  topicSpecs,
} from "../../shared/topics.ts";
import { startService, waitForExit } from "../bench/children.ts";
import { PROJECT_ROOT } from "../broker/launcher.ts";
import { PrivateBroker } from "../broker/private.ts";
import { ensureTopics } from "../topics/ensure_topics.ts";
import { auditOutput, runVerify } from "./audit.ts";
import { Fleet } from "./fleet.ts";
import { recovered, viewPipeline } from "./observe.ts";
import { injectPoison } from "./poison.ts";
import { chaosSchedule, type Fault } from "./schedule.ts";
import type { DrillOptions, DrillReport, FaultResult } from "./drill_types.ts";

export type { DrillOptions, DrillReport, FaultResult } from "./drill_types.ts";

const TASKS = 3;
const MAX_LAG = 1_000;
const PREFIX = "chaos.";

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

class Drill {
  readonly options: DrillOptions;
  readonly env: Record<string, string>;
  readonly names: TopicNames = topicNames(PREFIX);
  readonly fleet: Fleet;
  readonly started = Date.now();
  readonly rejectedIds = new Set<string>();
  /** Instances killed or removed: recovery means their membership ended. */
  readonly gone: string[] = [];
  kafka!: Kafka;
  admin!: Admin;
  poisonProducer!: Producer;

  constructor(readonly broker: PrivateBroker, options: DrillOptions) {
    this.options = options;
    this.env = {
      KAFKA_BROKERS: broker.address,
      KAFKA_TOPIC_PREFIX: PREFIX,
      PROCESSOR_SESSION_TIMEOUT_MS: options.quick ? "10000" : "30000",
      PROCESSOR_TRANSACTION_TIMEOUT_MS: options.quick ? "10000" : "60000",
      LOG_LEVEL: "warn",
    };
    this.fleet = new Fleet(this.env);
  }

  get config() {
    return loadConfig({ ...this.env, LOG_LEVEL: "silent" });
  }

  elapsed(): number {
    return Date.now() - this.started;
  }

  say(line: string) {
    this.options.say(
      `${(this.elapsed() / 1000).toFixed(1).padStart(6)} s  ${line}`,
    );
  }

  /**
   * Connects and creates the topics. A broker that has just started may
   * still close connections while it finishes starting (seen on a loaded
   * machine): the whole step is tried again, for at most 30 s.
   */
  async connect() {
    this.kafka = createKafka(this.config, {
      clientSuffix: "chaos",
      retry: { retries: 30, maxRetryTime: 2_000 },
    });
    this.admin = this.kafka.admin();
    const until = Date.now() + 30_000;
    while (true) {
      try {
        await this.admin.connect();
        await ensureTopics(this.admin, topicSpecs(PREFIX, 1));
        break;
      } catch (error) {
        if (Date.now() > until || this.options.signal.aborted) throw error;
        this.say(`broker not ready yet (${(error as Error).message}); again`);
        await this.admin.disconnect().catch(() => {});
        await sleep(1_000, this.options.signal);
      }
    }
    this.poisonProducer = createProducer(this.kafka, RELIABLE_PRODUCER);
    await this.poisonProducer.connect();
  }

  /** Polls the group from the broker until it has recovered; the time it took, or null. */
  async waitRecovered(
    boundMs: number,
    from = Date.now(),
    maxLag = MAX_LAG,
  ): Promise<number | null> {
    const groupId = processorGroupId(this.config);
    while (Date.now() - from < boundMs && !this.options.signal.aborted) {
      try {
        const view = await viewPipeline(this.admin, groupId, this.names.store);
        const present = this.fleet.running.map((i) => i.id);
        if (recovered(view, TASKS, maxLag, { present, gone: this.gone })) {
          return Date.now() - from;
        }
      } catch { /* the broker may be down: keep polling */ }
      await sleep(500, this.options.signal);
    }
    return null;
  }

  async inject(fault: Fault): Promise<string> {
    const { fleet, options } = this;
    switch (fault.kind) {
      case "kill-processor": {
        const victim = fleet.pick(fault.target);
        fleet.kill(victim);
        this.gone.push(victim.id);
        const next = fleet.start();
        return `killed ${victim.id} (pid ${victim.service.pid}), started ${next.id}`;
      }
      case "add-processor":
        return `started ${fleet.start().id}`;
      case "remove-processor": {
        if (fleet.running.length <= 1) return `started ${fleet.start().id}`;
        const victim = fleet.pick(fault.target);
        this.gone.push(victim.id);
        await fleet.remove(victim);
        return `stopped ${victim.id}`;
      }
      case "kill-broker": {
        const pid = this.broker.pid();
        await this.broker.kill();
        await sleep(5_000, options.signal);
        await this.broker.restart();
        return `killed the broker (pid ${pid}); down 5 s; restarted`;
      }
      case "stop-processor": {
        const victim = fleet.pick(fault.target);
        const ms = Number(this.env.PROCESSOR_TRANSACTION_TIMEOUT_MS) + 2_000;
        fleet.suspend(victim);
        await sleep(ms, options.signal);
        fleet.resume(victim);
        return `SIGSTOP ${victim.id} for ${ms / 1000} s, then SIGCONT`;
      }
      case "poison-oversized":
      case "poison-future":
      case "poison-session": {
        const kind = fault.kind.slice("poison-".length) as
          | "oversized"
          | "future"
          | "session";
        const injected = await injectPoison(
          this.poisonProducer,
          this.names,
          kind,
          Date.now(),
        );
        injected.rejectedIds.forEach((id) => this.rejectedIds.add(id));
        return `${injected.records} record(s)`;
      }
    }
  }
}

/** Runs the whole drill; always stops what it started. */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const { signal } = options;
  options.say(`starting a broker of its own (seed ${options.seed})`);
  const broker = await PrivateBroker.start({
    prefix: "kafka-chaos-",
    heap: "512m",
  });
  const drill = new Drill(broker, options);
  const producerSummary = await Deno.makeTempFile({ suffix: ".json" });
  const generator = startService(PROJECT_ROOT, "produce", [
    "--rate",
    String(options.rate),
    "--seed",
    String(options.seed),
    "--summary-json",
    producerSummary,
  ], drill.env);
  try {
    drill.say(`broker at ${broker.address} (${broker.root})`);
    await drill.connect();
    drill.fleet.start();
    drill.fleet.start();
    const first = await drill.waitRecovered(90_000);
    if (first === null) throw new Error("The pipeline never became healthy");
    drill.say(`2 processors own all ${TASKS} tasks`);
    const faults: FaultResult[] = [];
    for (const fault of chaosSchedule(options)) {
      await sleep(fault.settleMs, signal);
      if (signal.aborted) break;
      const injectedAtMs = drill.elapsed();
      const from = Date.now();
      const detail = await drill.inject(fault);
      const boundMs = fault.kind === "stop-processor" ? 90_000 : 60_000;
      const recoveryMs = await drill.waitRecovered(boundMs, from);
      drill.say(
        `${fault.kind}: ${detail}; ${
          recoveryMs === null
            ? "NOT recovered"
            : `recovered in ${(recoveryMs / 1000).toFixed(1)} s`
        }`,
      );
      faults.push({ fault, detail, injectedAtMs, recoveryMs, boundMs });
    }
    const rest = options.durationMs - drill.elapsed();
    if (rest > 0) await sleep(rest, signal);
    await generator.stop(15_000);
    const produced = JSON.parse(await Deno.readTextFile(producerSummary)) as {
      events: number;
      delivery_errors: number;
    };
    drill.say(
      `generator stopped: ${produced.events} acknowledged, ${produced.delivery_errors} failed; waiting for the processors to catch up`,
    );
    const caughtUp = await drill.waitRecovered(180_000, Date.now(), 1);
    drill.say(caughtUp === null ? "NOT caught up" : "caught up: lag 0");
    const crashed = drill.fleet.crashed().map((i) =>
      `${i.id}:\n${i.service.tail()}`
    );
    await drill.fleet.stopAll();
    drill.say("draining: one processor closes every window");
    await waitForExit(
      startService(PROJECT_ROOT, "process", [
        "--until-caught-up",
        "--drain",
        "--instance-id",
        "chaos-drain",
      ], drill.env),
      180_000,
    );
    const verify = await runVerify(drill.env);
    drill.say(`verify ${verify.ok ? "OK" : "FAILED"}`);
    const audit = await auditOutput({
      kafka: drill.kafka,
      admin: drill.admin,
      brokers: [broker.address],
      names: drill.names,
      maxEventBytes: drill.config.PROCESSOR_MAX_EVENT_BYTES,
      rejectedIds: drill.rejectedIds,
    });
    return {
      faults,
      caughtUp: caughtUp !== null,
      producerFailures: produced.delivery_errors,
      verifyOk: verify.ok,
      verifyOutput: verify.output,
      audit,
      crashed,
    };
  } finally {
    await generator.stop(5_000).catch(() => {});
    await drill.fleet.stopAll().catch(() => {});
    await drill.poisonProducer?.disconnect().catch(() => {});
    await drill.admin?.disconnect().catch(() => {});
    await broker.destroy();
    await Deno.remove(producerSummary).catch(() => {});
  }
}

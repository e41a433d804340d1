/**
 * The replication lab's canary: with every snapshot, one numbered record
 * written with acks=all to a topic of the lab's own, then the topic read back.
 * A check can then say which writes the cluster acknowledged, which it
 * refused and why, and whether every acknowledged one is still on the topic.
 * Its own client logs nothing: refusals are what the lab is about.
 */
import type { Admin, Kafka, Producer } from "kafkajs";
import { deadline } from "../../shared/deadline.ts";
import {
  createKafka,
  createProducer,
  kafkaProblem,
} from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import {
  createDirectFetcher,
  type DirectFetcher,
  readRecords,
} from "../../shared/topic_reader.ts";
import { replicationConfigs } from "../../shared/topics.ts";
import type { PartitionReplication } from "../monitor/alerts.ts";
import { waitForTopics } from "../topics/ensure_topics.ts";
import { closeWithProbes } from "./probes.ts";
import type { LabClients } from "./snapshot.ts";

export interface CanaryWrite {
  ok: boolean;
  /** Epoch ms the write ended. */
  at: number;
  /** Why it was not acknowledged. */
  error?: string;
}

export interface CanaryView {
  topic: string;
  /** Writes the cluster acknowledged since the lab began watching. */
  acknowledged: number;
  /** Writes refused or not answered in time (they may still be on the topic). */
  unacknowledged: number;
  last: CanaryWrite | null;
  /** Acknowledged writes this read-back did not find; null when it could not read. */
  missing: number | null;
  readError?: string;
  /** The canary partition as the metadata reports it now; null when unknown. */
  partition: PartitionReplication | null;
}

/** `<prefix>lab.canary`: one partition, the cluster's replication, min.insync.replicas 2 of 3. */
export function canaryTopic(prefix: string): string {
  return `${prefix}lab.canary`;
}

const WRITE_MS = 3_000;
const READ_MS = 3_000;

class Canary {
  readonly topic: string;
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  readonly #brokers: string[];
  readonly #run = crypto.randomUUID().slice(0, 8);
  readonly #acked = new Set<string>();
  #next = 0;
  #unacked = 0;
  #last: CanaryWrite | null = null;
  #producer: Promise<Producer> | undefined;
  #fetcher: Promise<DirectFetcher> | undefined;
  #ready = false;
  #connected: Promise<void> | undefined;

  constructor(clients: LabClients) {
    this.topic = canaryTopic(clients.config.KAFKA_TOPIC_PREFIX);
    this.#brokers = clients.config.KAFKA_BROKERS;
    this.#kafka = createKafka(clients.config, {
      clientSuffix: "lab-canary",
      logger: createLogger("kafkajs", "silent"),
      // Few, quick retries: a refusal is an answer here, not a reason to wait.
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
    });
    // An admin of its own: KafkaJS replaces a client's cached metadata with
    // that of the last topics asked about, which would break the
    // observer's concurrent offset reads.
    this.#admin = this.#kafka.admin();
  }

  async tick(): Promise<CanaryView> {
    try {
      await this.#ensureTopic();
      await this.#write();
    } catch (error) {
      this.#last = { ok: false, at: Date.now(), error: this.#why(error) };
    }
    const [read, partition] = await Promise.all([
      this.#readBack(),
      this.#partition(),
    ]);
    return {
      topic: this.topic,
      acknowledged: this.#acked.size,
      unacknowledged: this.#unacked,
      last: this.#last,
      ...read,
      partition,
    };
  }

  async close() {
    await Promise.all([
      this.#connected?.then(() => this.#admin.disconnect()).catch(() => {}),
      this.#producer?.then((p) => p.disconnect()).catch(() => {}),
      this.#fetcher?.then((f) => f.disconnect()).catch(() => {}),
    ]);
  }

  #why(error: unknown): string {
    return kafkaProblem(error, this.#brokers);
  }

  async #ensureTopic() {
    if (this.#ready) return;
    this.#connected ??= this.#admin.connect();
    try {
      await this.#connected;
    } catch (error) {
      this.#connected = undefined;
      throw error;
    }
    if (!(await this.#admin.listTopics()).includes(this.topic)) {
      const { brokers } = await this.#admin.describeCluster();
      const factor = Math.min(3, brokers.length);
      await this.#admin.createTopics({
        waitForLeaders: false,
        topics: [{
          topic: this.topic,
          numPartitions: 1,
          replicationFactor: factor,
          configEntries: Object.entries(replicationConfigs(factor)).map((
            [name, value],
          ) => ({ name, value })),
        }],
      });
      await waitForTopics(this.#admin, [this.topic]);
    }
    this.#ready = true;
  }

  async #write() {
    const value = `${this.#run}:${this.#next++}`;
    this.#producer ??= (async () => {
      const producer = createProducer(this.#kafka, { maxInFlightRequests: 1 });
      await producer.connect();
      return producer;
    })();
    try {
      const producer = await this.#producer;
      await deadline(
        producer.send({
          topic: this.topic,
          acks: -1,
          timeout: WRITE_MS,
          messages: [{ key: this.#run, value }],
        }),
        WRITE_MS + 1_000,
        { message: `no answer to an acks=all write within ${WRITE_MS} ms` },
      );
      this.#acked.add(value);
      this.#last = { ok: true, at: Date.now() };
    } catch (error) {
      this.#unacked++;
      this.#last = { ok: false, at: Date.now(), error: this.#why(error) };
      // A producer whose connect failed is made again next time.
      if (!(await this.#producer.then(() => true, () => false))) {
        this.#producer = undefined;
      }
    }
  }

  /** Every record of this run on the topic, read from the start. */
  async #readBack(): Promise<Pick<CanaryView, "missing" | "readError">> {
    if (!this.#ready) return { missing: null, readError: "no canary topic" };
    try {
      this.#fetcher ??= createDirectFetcher(this.#kafka);
      const result = await readRecords({
        fetcher: await this.#fetcher,
        topic: this.topic,
        from: { kind: "earliest" },
        keyFilter: this.#run,
        limit: 1_000_000,
        maxScan: 1_000_000,
        deadlineMs: READ_MS,
      });
      if (result.stoppedBy !== "end") {
        return {
          missing: null,
          readError: `read stopped: ${result.stoppedBy}`,
        };
      }
      const found = new Set(
        result.records.map((r) => new TextDecoder().decode(r.value!)),
      );
      let missing = 0;
      for (const value of this.#acked) if (!found.has(value)) missing++;
      return { missing };
    } catch (error) {
      // The fetcher keeps its metadata a minute: after a leader moved, a new
      // one finds the new leader at once.
      const stale = this.#fetcher;
      this.#fetcher = undefined;
      stale?.then((f) => f.disconnect()).catch(() => {});
      return { missing: null, readError: this.#why(error) };
    }
  }

  async #partition(): Promise<PartitionReplication | null> {
    if (!this.#ready) return null;
    try {
      const { topics } = await this.#admin.fetchTopicMetadata({
        topics: [this.topic],
      });
      const p = topics[0]?.partitions[0];
      return p
        ? {
          topic: this.topic,
          partition: p.partitionId,
          leader: p.leader,
          replicas: p.replicas,
          isr: p.isr,
        }
        : null;
    } catch {
      return null;
    }
  }
}

const canaries = new WeakMap<LabClients, Canary>();

/** The canary's view after one more write and read-back: the lab's `canary` probe. */
export function canaryProbe(clients: LabClients): Promise<CanaryView> {
  let canary = canaries.get(clients);
  if (!canary) {
    const made = new Canary(clients);
    canaries.set(clients, made);
    closeWithProbes(clients, () => made.close());
    canary = made;
  }
  return canary.tick();
}

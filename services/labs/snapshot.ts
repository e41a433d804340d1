/** Snapshots for the labs, read from the broker like the dashboard's monitor does: from the outside. */
import type { Admin, Kafka } from "kafkajs";
import type { Config } from "../../shared/config.ts";
import { processorGroupId, type TopicNames } from "../../shared/topics.ts";
import { readVerifyResult } from "../../shared/verify_result.ts";
import { evaluateAlerts } from "../monitor/alerts.ts";
import { readGroupSnapshot, readReplication } from "../monitor/group_poll.ts";
import { type GroupTrack, trackGroup } from "../monitor/group_status.ts";
import type { Lab, Snapshot } from "./model.ts";

export interface LabClients {
  config: Config;
  kafka: Kafka;
  admin: Admin;
  names: TopicNames;
}

/** Takes snapshots one after another; the group's stall and rate figures need the previous poll. */
export class Observer {
  #track: GroupTrack | undefined;
  #last: Snapshot | undefined;

  constructor(
    readonly clients: LabClients,
    readonly lab: Lab,
    readonly options: {
      short: boolean;
      /** The run's memory, for probes of servers the lab started; empty when only watching. */
      memory?: ReadonlyMap<string, unknown>;
    } = { short: false },
  ) {}

  /**
   * Reads what it can: while a cluster changes (two brokers down, leaders in
   * election) one read can fail where others answer. A part that fails keeps
   * its previous value; only a snapshot where every read failed is an error.
   */
  async take(now = Date.now): Promise<Snapshot> {
    const { admin, config, names } = this.clients;
    const all = allTopics(names);
    const [polled, replication, ends, verify] = await Promise.allSettled([
      readGroupSnapshot({
        admin,
        groupId: processorGroupId(config),
        topics: names.store,
        now,
      }),
      readReplication(admin, all),
      topicEnds(admin, all),
      readVerifyResult(config.KAFKA_TOPIC_PREFIX),
    ]);
    const probes = await this.#probes();
    const reads = [polled, replication, ends];
    if (reads.every((r) => r.status === "rejected")) {
      throw (reads[0] as PromiseRejectedResult).reason;
    }
    if (polled.status === "fulfilled") {
      this.#track = trackGroup(this.#track, polled.value, {
        stallMs: this.lab.stallMs?.(this.options.short) ??
          config.DASHBOARD_STALL_MS,
      });
    }
    const last = this.#last;
    const group = this.#track?.view ?? null;
    const at = now();
    const partitions = replication.status === "fulfilled"
      ? replication.value
      : last?.replication ?? [];
    this.#last = {
      at,
      group,
      alerts: evaluateAlerts({
        group,
        index: {},
        nowMs: at,
        replication: partitions,
      }),
      replication: partitions,
      ends: ends.status === "fulfilled" ? ends.value : last?.ends ?? {},
      verify: verify.status === "fulfilled" ? verify.value : null,
      probes,
    };
    return this.#last;
  }

  async #probes(): Promise<Record<string, unknown>> {
    const memory = this.options.memory ?? new Map();
    const entries = await Promise.all(
      Object.entries(this.lab.probes ?? {}).map(async ([name, probe]) => {
        try {
          return [name, await probe(this.clients, memory)] as const;
        } catch {
          return [name, this.#last?.probes[name]] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}

export function allTopics(names: TopicNames): string[] {
  return [...names.store, names.deadLetter, names.enriched, names.metrics];
}

async function topicEnds(
  admin: Admin,
  topics: string[],
): Promise<Record<string, number>> {
  const existing = new Set(await admin.listTopics());
  const ends: Record<string, number> = {};
  await Promise.all(
    topics.filter((t) => existing.has(t)).map(async (t) => {
      const offsets = await admin.fetchTopicOffsets(t);
      ends[t] = offsets.reduce((sum, o) => sum + Number(o.high), 0);
    }),
  );
  return ends;
}

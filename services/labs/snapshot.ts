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

  constructor(
    readonly clients: LabClients,
    readonly lab: Lab,
    readonly options: {
      short: boolean;
      /** The run's memory, for probes of servers the lab started; empty when only watching. */
      memory?: ReadonlyMap<string, unknown>;
    } = { short: false },
  ) {}

  async take(now = Date.now): Promise<Snapshot> {
    const { admin, config, names } = this.clients;
    const all = allTopics(names);
    const [polled, replication, ends, verify, probes] = await Promise.all([
      readGroupSnapshot({
        admin,
        groupId: processorGroupId(config),
        topics: names.store,
        now,
      }),
      readReplication(admin, all),
      topicEnds(admin, all),
      readVerifyResult(config.KAFKA_TOPIC_PREFIX),
      this.#probes(),
    ]);
    this.#track = trackGroup(this.#track, polled, {
      stallMs: this.lab.stallMs?.(this.options.short) ??
        config.DASHBOARD_STALL_MS,
    });
    const group = this.#track.view;
    const at = now();
    return {
      at,
      group,
      alerts: evaluateAlerts({ group, index: {}, nowMs: at, replication }),
      replication,
      ends,
      verify,
      probes,
    };
  }

  async #probes(): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      Object.entries(this.lab.probes ?? {}).map(async ([name, probe]) =>
        [
          name,
          await probe(this.clients, this.options.memory ?? new Map()),
        ] as const
      ),
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

/** `GET /api/kafka`: topics, partitions and the processor group, read with the admin client. */
import { type Admin, ConfigResourceTypes } from "kafkajs";
import { decodeAssignment } from "../monitor/assignment.ts";
import type { KafkaOverview, TopicView } from "../../lib/kafka_types.ts";

/**
 * Reads the cluster's side of the overview; `topics` are the project's
 * (prefixed) topic names. The group comes from the monitor's poll, so that
 * every lag figure on the page has one source.
 */
export async function readKafkaOverview(
  admin: Admin,
  topics: string[],
  groupId: string,
  now: () => number = Date.now,
): Promise<Omit<KafkaOverview, "group">> {
  const [existing, groups] = await Promise.all([
    admin.listTopics().then((list) => new Set(list)),
    admin.describeGroups([groupId]),
  ]);
  // Topics the group reads beyond ours (the processor's changelog) belong on the panel too.
  const assigned = new Set<string>();
  for (const member of groups.groups[0]?.members ?? []) {
    const decoded = decodeAssignment(member.memberAssignment);
    if ("assignment" in decoded) {
      Object.keys(decoded.assignment).forEach((t) => assigned.add(t));
    }
  }
  const wanted = [
    ...topics,
    ...[...assigned].filter((t) => !topics.includes(t)),
  ];
  const present = wanted.filter((t) => existing.has(t));
  const [cluster, metadata, configs] = await Promise.all([
    admin.describeCluster(),
    admin.fetchTopicMetadata({ topics: present }),
    present.length === 0 ? { resources: [] } : admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ["retention.ms"],
      })),
    }),
  ]);
  const watermarks = await Promise.all(
    present.map(async (topic) =>
      [topic, await admin.fetchTopicOffsets(topic)] as const
    ),
  );
  const highs: Record<string, Record<number, number>> = {};
  const lows: Record<string, Record<number, number>> = {};
  for (const [topic, parts] of watermarks) {
    highs[topic] = {};
    lows[topic] = {};
    for (const p of parts) {
      highs[topic][p.partition] = Number(p.high);
      lows[topic][p.partition] = Number(p.low);
    }
  }
  const retention = new Map(
    configs.resources.map((r) => {
      const entry = r.configEntries.find((e) =>
        e.configName === "retention.ms"
      );
      return [r.resourceName, entry ? Number(entry.configValue) : null];
    }),
  );
  const topicViews: TopicView[] = metadata.topics.map((t) => ({
    name: t.name,
    retention_ms: retention.get(t.name) ?? null,
    partitions: t.partitions.map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      replicas: p.replicas,
      isr: p.isr,
      low: lows[t.name]?.[p.partitionId] ?? 0,
      high: highs[t.name]?.[p.partitionId] ?? 0,
    })).sort((a, b) => a.partition - b.partition),
  })).sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name));
  return {
    generated_at: new Date(now()).toISOString(),
    brokers: cluster.brokers.map((b) => ({
      node_id: b.nodeId,
      host: b.host,
      port: b.port,
    })),
    controller: cluster.controller,
    topics: topicViews,
  };
}

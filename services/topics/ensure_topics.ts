/** Creates missing topics and verifies existing ones against their specs. */
import { type Admin, ConfigResourceTypes } from "kafkajs";
import type { TopicSpec } from "../../shared/topics.ts";

export type TopicStatus = "created" | "ok" | "updated" | "error";

export interface TopicReport {
  topic: string;
  partitions: number;
  retentionMs: number;
  status: TopicStatus;
  /** What was wrong, for `updated` and `error`. */
  detail?: string;
}

function wantedConfigs(spec: TopicSpec): Record<string, string> {
  return { "retention.ms": String(spec.retentionMs), ...spec.configs };
}

/**
 * Waits until every topic in `names` has metadata with a leader for each
 * partition and each leader serves its offsets, retrying "unknown topic"
 * answers from a broker still catching up.
 */
export async function waitForTopics(
  admin: Admin,
  names: string[],
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      const ready = names.every((name) => {
        const partitions = topics.find((t) => t.name === name)?.partitions;
        return partitions?.length && partitions.every((p) => p.leader >= 0);
      });
      // On a cluster, metadata can name a leader that does not host the
      // partition yet; a read of its offsets proves that it does.
      if (ready) {
        for (const name of names) await admin.fetchTopicOffsets(name);
        return;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Cannot create topics: no leaders for ${
      names.join(", ")
    } after ${timeoutMs} ms${last instanceof Error ? `: ${last.message}` : ""}`,
  );
}

/**
 * Brings the cluster in line with `specs`: creates what is missing, fixes
 * drifted topic configs, and reports a wrong partition count as an error
 * (partitions cannot be reduced, and adding them would break key locality).
 */
export async function ensureTopics(
  admin: Admin,
  specs: TopicSpec[],
): Promise<TopicReport[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length > 0) {
    await admin.createTopics({
      // KafkaJS's own wait gives up when a loaded KRaft broker briefly answers
      // "unknown topic" right after the create; waitForTopics() retries that.
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(wantedConfigs(spec)).map((
          [name, value],
        ) => ({
          name,
          value,
        })),
      })),
    });
  }
  if (missing.length > 0) {
    await waitForTopics(admin, missing.map((spec) => spec.name));
  }
  const present = specs.filter((spec) => existing.has(spec.name));
  const reports = new Map<string, TopicReport>(
    missing.map((spec) => [spec.name, {
      topic: spec.name,
      partitions: spec.partitions,
      retentionMs: spec.retentionMs,
      status: "created",
    }]),
  );
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({
      topics: present.map((s) => s.name),
    });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((spec) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.name,
        configNames: Object.keys(wantedConfigs(spec)),
      })),
    });
    for (const spec of present) {
      const partitions = metadata.topics.find((t) =>
        t.name === spec.name
      )?.partitions.length ?? 0;
      const entries = described.resources.find((r) =>
        r.resourceName === spec.name
      )
        ?.configEntries ?? [];
      const actual = Object.fromEntries(
        entries.map((e) => [e.configName, e.configValue]),
      );
      const retentionMs = Number(actual["retention.ms"] ?? spec.retentionMs);
      if (partitions !== spec.partitions) {
        reports.set(spec.name, {
          topic: spec.name,
          partitions,
          retentionMs,
          status: "error",
          detail: `has ${partitions} partitions, expected ${spec.partitions}`,
        });
        continue;
      }
      const drift = Object.entries(wantedConfigs(spec)).filter((
        [name, value],
      ) => actual[name] !== value);
      if (drift.length > 0) {
        await admin.alterConfigs({
          validateOnly: false,
          resources: [{
            type: ConfigResourceTypes.TOPIC,
            name: spec.name,
            // A full alter replaces the topic's configs, so send all the wanted ones.
            configEntries: Object.entries(wantedConfigs(spec)).map((
              [name, value],
            ) => ({
              name,
              value,
            })),
          }],
        });
      }
      reports.set(spec.name, {
        topic: spec.name,
        partitions,
        retentionMs: spec.retentionMs,
        status: drift.length > 0 ? "updated" : "ok",
        detail: drift.length > 0
          ? drift.map(([name, value]) =>
            `${name} ${actual[name] ?? "unset"} -> ${value}`
          ).join(
            ", ",
          )
          : undefined,
      });
    }
  }
  return specs.map((spec) => reports.get(spec.name)!);
}

function formatRetention(ms: number): string {
  const days = ms / 86_400_000;
  return Number.isInteger(days) ? `${days} d` : `${ms} ms`;
}

/** A plain-text table of the reports, one topic a row. */
export function formatTopicTable(reports: TopicReport[]): string {
  const rows = [
    ["topic", "partitions", "retention", "status"],
    ...reports.map((r) => [
      r.topic,
      String(r.partitions),
      formatRetention(r.retentionMs),
      r.status === "ok"
        ? "already right"
        : r.detail
        ? `${r.status}: ${r.detail}`
        : r.status,
    ]),
  ];
  const widths = rows[0].map((_, col) =>
    Math.max(...rows.map((row) => row[col].length))
  );
  return rows.map((row) =>
    row.map((cell, col) => cell.padEnd(widths[col])).join("  ").trimEnd()
  )
    .join("\n");
}

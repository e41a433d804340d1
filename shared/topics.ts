/** Every topic the project uses, with its partitions and config: the one place topics are described. */
import type { EventType } from "./schemas/events.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  retentionMs: number;
  /** Topic-level configs beyond retention, applied at creation and verified. */
  configs: Record<string, string>;
  purpose: string;
}

/** Which raw topic each event type is produced to (names exact, without prefix). */
export const EVENT_TOPIC_BASES: Record<EventType, string> = {
  game_page_viewed: "store.game-views",
  wishlist_action: "store.wishlist-events",
  cart_action: "store.cart-events",
  purchase: "store.purchases",
  search_performed: "store.searches",
};

/** The default partition count of every `store.*` topic (`STORE_PARTITIONS`): co-partitioned by `user_id`. */
export const STORE_PARTITIONS = 3;

export interface TopicNames {
  events: Record<EventType, string>;
  /** The five raw topics, in `EVENT_TOPIC_BASES` order. */
  store: string[];
  deadLetter: string;
  enriched: string;
  metrics: string;
}

/** Topic names with the configured prefix applied. */
export function topicNames(prefix = ""): TopicNames {
  const events = Object.fromEntries(
    Object.entries(EVENT_TOPIC_BASES).map((
      [type, base],
    ) => [type, prefix + base]),
  ) as Record<EventType, string>;
  return {
    events,
    store: Object.values(events),
    deadLetter: `${prefix}store.dead-letter`,
    enriched: `${prefix}analytics.enriched-events`,
    metrics: `${prefix}analytics.metrics`,
  };
}

/** The eight topics with their specs, for creation and verification. */
/**
 * In-sync replicas an `acks=all` write needs: 2 of 3 copies, so an
 * acknowledged event survives one broker's loss while another lags; with fewer
 * copies the broker's default applies.
 */
export function minInsyncReplicas(replicationFactor: number): number {
  return replicationFactor >= 3 ? 2 : 1;
}

/** Topic configs that follow from the replication factor (none on one broker). */
export function replicationConfigs(
  replicationFactor: number,
): Record<string, string> {
  return replicationFactor > 1
    ? { "min.insync.replicas": String(minInsyncReplicas(replicationFactor)) }
    : {};
}

export interface TopicSpecOptions {
  /** Partitions of each store topic. @default STORE_PARTITIONS */
  storePartitions?: number;
}

export function topicSpecs(
  prefix = "",
  replicationFactor = 1,
  options: TopicSpecOptions = {},
): TopicSpec[] {
  const { storePartitions = STORE_PARTITIONS } = options;
  const names = topicNames(prefix);
  const spec = (
    name: string,
    partitions: number,
    days: number,
    purpose: string,
    configs: Record<string, string> = {},
  ): TopicSpec => ({
    name,
    partitions,
    replicationFactor,
    retentionMs: days * DAY_MS,
    configs: { ...configs, ...replicationConfigs(replicationFactor) },
    purpose,
  });
  return [
    ...names.store.map((name) =>
      spec(name, storePartitions, 7, "raw store events, key user_id", {
        "compression.type": "snappy",
      })
    ),
    spec(names.deadLetter, 1, 90, "rejected events with reason headers"),
    spec(names.enriched, 3, 30, "validated events with catalog data"),
    spec(names.metrics, 1, 30, "windowed metrics from the processor"),
  ];
}

/** What the processor's names derive from: the topic prefix and its group id. */
export interface ProcessorIds {
  KAFKA_TOPIC_PREFIX: string;
  PROCESSOR_GROUP_ID: string;
}

/**
 * The processor's consumer group id with the topic prefix applied (once: a
 * group id that already starts with the prefix is kept), so that runs under
 * different prefixes never share a group, transactional ids or a changelog.
 */
export function processorGroupId(ids: ProcessorIds): string {
  const { KAFKA_TOPIC_PREFIX: prefix, PROCESSOR_GROUP_ID: group } = ids;
  return group.startsWith(prefix) ? group : `${prefix}${group}`;
}

/** The transactional id of processor task `task`: one per task, stable across restarts. */
export function taskTransactionalId(ids: ProcessorIds, task: number): string {
  return `${processorGroupId(ids)}.task-${task}`;
}

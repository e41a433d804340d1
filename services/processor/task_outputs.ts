/**
 * What a task writes, waiting for its next transaction: dead letters,
 * enriched events, metric records (checked against their own schema) and
 * changelog entries.
 */
import type { TopicMessages } from "kafkajs";
import { EVENT_TYPES, type StoreEvent } from "../../shared/schemas/events.ts";
import { metricKey, MetricRecord } from "../../shared/schemas/metrics.ts";
import { createPartitionCache } from "../../shared/partitioning.ts";
import type { TopicNames } from "../../shared/topics.ts";
import type { DeliverySemantics } from "../../shared/schemas/names.ts";
import { deadLetterMessage, type DeadLetterSource } from "./dead_letter.ts";
import { enrich } from "./enrich.ts";
import { Outbox } from "./outbox.ts";
import type { ChangelogEntry } from "./state_codec.ts";
import type { Rejected } from "./validate.ts";

export interface TaskOutputsOptions {
  names: TopicNames;
  changelogTopic: string;
  /** The task's partition index: its changelog partition. */
  task: number;
  /** Partitions of the enriched topic, which is keyed by event type. */
  enrichedPartitions: number;
  /** Stamped on every metric record, for the dashboard's badge. */
  semantics: DeliverySemantics;
}

export interface OutputCounts {
  enriched: number;
  metrics: number;
  deadLetters: number;
  changelog: number;
}

export class TaskOutputs {
  readonly #outbox = new Outbox();
  readonly #options: TaskOutputsOptions;
  /** Five keys, hashed once. */
  readonly #enrichedPartition: Map<string, number>;

  constructor(options: TaskOutputsOptions) {
    this.#options = options;
    const partitionOf = createPartitionCache(options.enrichedPartitions);
    this.#enrichedPartition = new Map(
      EVENT_TYPES.map((type) => [type, partitionOf(type)]),
    );
  }

  get names(): TopicNames {
    return this.#options.names;
  }

  get count(): number {
    return this.#outbox.count;
  }

  deadLetter(source: DeadLetterSource, verdict: Rejected, now: number) {
    this.#outbox.add(
      this.#options.names.deadLetter,
      deadLetterMessage(source, verdict, now),
    );
  }

  enriched(event: StoreEvent) {
    const type = event.event_type;
    this.#outbox.add(this.#options.names.enriched, {
      key: type,
      value: JSON.stringify(enrich(event)),
      partition: this.#enrichedPartition.get(type),
    });
  }

  /** Throws on a record that fails the metrics contract: it must never be written. */
  metrics(records: MetricRecord[]) {
    for (const unstamped of records) {
      const record = { ...unstamped, semantics: this.#options.semantics };
      const checked = MetricRecord.safeParse(record);
      if (!checked.success) {
        throw new RangeError(
          `Cannot emit ${record.metric} for window ${record.window_start}: ${
            checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
              .join("; ")
          }`,
        );
      }
      this.#outbox.add(this.#options.names.metrics, {
        key: metricKey(record),
        value: JSON.stringify(record),
      });
    }
  }

  changelog(entries: ChangelogEntry[]) {
    for (const entry of entries) {
      this.#outbox.add(this.#options.changelogTopic, {
        key: entry.key,
        value: entry.value,
        partition: this.#options.task,
      });
    }
  }

  counts(): OutputCounts {
    const { names, changelogTopic } = this.#options;
    return {
      enriched: this.#outbox.countFor(names.enriched),
      metrics: this.#outbox.countFor(names.metrics),
      deadLetters: this.#outbox.countFor(names.deadLetter),
      changelog: this.#outbox.countFor(changelogTopic),
    };
  }

  /** Everything waiting, in sends; empties the outbox. */
  drain(): TopicMessages[][] {
    return this.#outbox.drain();
  }
}

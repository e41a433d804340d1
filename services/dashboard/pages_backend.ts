/**
 * The read-only backend of the message browser, groups and dead-letter
 * pages: one group-less fetcher for page reads, one per live tail (a tail's
 * long polls would hold up page reads on a shared connection), and the lag
 * sampler. Nothing here writes to Kafka.
 */
import type { Admin, Kafka } from "kafkajs";
import type { Logger } from "../../shared/log.ts";
import { type RecordView, recordView } from "../../shared/record_text.ts";
import { followRecords } from "../../shared/topic_tail.ts";
import {
  createDirectFetcher,
  type DirectFetcher,
  readRecords,
  type ReadResult,
} from "../../shared/topic_reader.ts";
import type { AccessPolicy } from "./access.ts";
import { readAllGroups } from "./all_groups.ts";
import type { BrowseQuery } from "./browse_query.ts";
import { readDeadLetters } from "./dead_letters.ts";
import { LagHistory } from "./lag_history.ts";
import type { GroupsView } from "../../lib/groups_types.ts";
import type { DeadLettersView } from "../../lib/dead_letter_types.ts";

export interface TopicSummary {
  name: string;
  partitions: number;
  /** Sum of high − low over the partitions (markers included). */
  offsets: number;
}

export interface TailOptions {
  partition?: number;
  query: Pick<BrowseQuery, "isolation" | "keyFilter" | "valueFilter">;
  signal: AbortSignal;
  onRecords(records: RecordView[]): void;
  /** Called once the tail knows where it starts: records sent from now on are shown. */
  onReady?(): void;
}

/** What the pages get from `ctx.state.pages`; tests fake it. */
export interface PagesBackend {
  access: AccessPolicy;
  deadLetterTopic: string;
  listTopics(): Promise<TopicSummary[]>;
  read(topic: string, query: BrowseQuery): Promise<ReadResult>;
  /** Follows `topic` until the signal aborts; refuses past the tail limit. */
  tail(topic: string, options: TailOptions): Promise<void>;
  groups(): GroupsView;
  deadLetters(): Promise<DeadLettersView>;
}

export interface PagesBackendOptions {
  kafka: Kafka;
  admin: Admin;
  access: AccessPolicy;
  deadLetterTopic: string;
  /** Only groups with this prefix are listed (the topic prefix). @default "" */
  groupPrefix?: string;
  /** Lag sampling period. @default 5000 */
  sampleMs?: number;
  /** Live tails at once. @default 8 */
  maxTails?: number;
  logger: Logger;
  now?: () => number;
}

/** The backend and its lifecycle: `start()` begins sampling, `stop()` ends it and closes fetchers. */
export function createPagesBackend(
  options: PagesBackendOptions,
): PagesBackend & {
  start(): void;
  stop(): Promise<void>;
} {
  const {
    kafka,
    admin,
    access,
    deadLetterTopic,
    groupPrefix = "",
    sampleMs = 5_000,
    maxTails = 8,
    logger,
    now = Date.now,
  } = options;
  let fetcher: Promise<DirectFetcher> | undefined;
  const shared = () => {
    fetcher ??= createDirectFetcher(kafka).catch((error) => {
      fetcher = undefined;
      throw error;
    });
    return fetcher;
  };
  const history = new LagHistory();
  let latest: GroupsView = { at: null, error: null, groups: [], history: {} };
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  let sampling: Promise<void> = Promise.resolve();
  let tails = 0;

  async function sample() {
    try {
      const groups = await readAllGroups({ admin, prefix: groupPrefix });
      const at = now();
      history.record(at, groups);
      latest = { at, error: null, groups, history: history.view() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      latest = { ...latest, error: `Cannot read the groups: ${message}` };
      logger.warn("group sample failed", { error: message });
    }
  }

  return {
    access,
    deadLetterTopic,
    async listTopics() {
      const names = (await admin.listTopics()).filter((t) =>
        !t.startsWith("__")
      )
        .sort();
      return await Promise.all(names.map(async (name) => {
        const parts = await admin.fetchTopicOffsets(name);
        return {
          name,
          partitions: parts.length,
          offsets: parts.reduce(
            (n, p) => n + Number(p.high) - Number(p.low),
            0,
          ),
        };
      }));
    },
    async read(topic, query) {
      return await readRecords({ fetcher: await shared(), topic, ...query });
    },
    async tail(topic, { partition, query, signal, onRecords, onReady }) {
      if (tails >= maxTails) {
        throw new RangeError(
          `Cannot tail ${topic}: ${maxTails} tails are open`,
        );
      }
      tails++;
      const own = await createDirectFetcher(kafka).catch((error) => {
        tails--;
        throw error;
      });
      try {
        await followRecords({
          fetcher: own,
          topic,
          partition,
          isolation: query.isolation,
          keyFilter: query.keyFilter,
          valueFilter: query.valueFilter,
          signal,
          onRecords: (records) => onRecords(records.map(recordView)),
          onReady,
        });
      } finally {
        tails--;
        await own.disconnect().catch(() => {});
      }
    },
    groups: () => latest,
    async deadLetters() {
      return await readDeadLetters({
        fetcher: await shared(),
        topic: deadLetterTopic,
      });
    },
    start() {
      sampling = sample();
      timer = setInterval(() => {
        // A slow broker skips a sample rather than queueing them up.
        if (busy) return;
        busy = true;
        sampling = sample().finally(() => busy = false);
      }, sampleMs);
    },
    async stop() {
      clearInterval(timer);
      await sampling;
      if (fetcher) await (await fetcher.catch(() => null))?.disconnect();
    },
  };
}

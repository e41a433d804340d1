/**
 * Lab 1's checks over the newest store records: with the key `user_id`
 * every event of a user sits in the same partition number of every store
 * topic (the one murmur2 gives its key); with random keys they scatter, and
 * read partition by partition they no longer come in the order they
 * happened. Pure.
 */
import { createPartitionCache } from "../../../shared/partitioning.ts";
import { EVENT_TOPIC_BASES } from "../../../shared/topics.ts";
import { type CheckResult, ok, type Snapshot, waiting } from "../model.ts";
import type { StoreRow } from "../probes.ts";

const BASES = Object.values(EVENT_TOPIC_BASES);

/** `store.game-views` for any prefix. */
export function baseName(topic: string): string {
  return BASES.find((base) => topic.endsWith(base)) ?? topic;
}

/** Records added to the five store topics between two snapshots. */
export function storeGrowth(start: Snapshot, now: Snapshot): number {
  return Object.entries(now.ends)
    .filter(([topic]) => BASES.some((base) => topic.endsWith(base)))
    .reduce((sum, [topic, end]) => sum + end - (start.ends[topic] ?? 0), 0);
}

/** Partitions per topic, from the snapshot's replication figures. */
export function partitionCounts(snapshot: Snapshot): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of snapshot.replication) {
    counts[p.topic] = Math.max(counts[p.topic] ?? 0, p.partition + 1);
  }
  return counts;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const list = (items: Iterable<number>) =>
  [...items].sort((a, b) => a - b).join(", ");

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Every user keyed by `user_id` is in one partition number across the topics, the one its key hashes to. */
export function coPartitioned(
  rows: readonly StoreRow[],
  counts: Record<string, number>,
): CheckResult {
  const keyed = rows.filter((r) => r.user !== null && r.key === r.user);
  if (keyed.length === 0) {
    return waiting(
      "no events keyed by user_id on the store topics yet: deno task produce --events 3000",
    );
  }
  const hashers = new Map<number, (key: string) => number>();
  const hashed = (topic: string, key: string) => {
    const count = counts[topic] ?? 0;
    if (!hashers.has(count)) hashers.set(count, createPartitionCache(count));
    return count > 0 ? hashers.get(count)!(key) : null;
  };
  for (const r of keyed) {
    const expected = hashed(r.topic, r.key!);
    if (expected !== null && expected !== r.partition) {
      return waiting(
        `${
          baseName(r.topic)
        } ${r.partition}:${r.offset} has key ${r.key}, which murmur2 sends to partition ${expected}`,
      );
    }
  }
  const users = groupBy(keyed, (r) => r.user!);
  let example: { user: string; rows: StoreRow[]; topics: Set<string> } | null =
    null;
  let shared = 0;
  for (const [user, mine] of users) {
    const partitions = new Set(mine.map((r) => r.partition));
    if (partitions.size > 1) {
      const where = new Set(
        mine.map((r) =>
          `partition ${r.partition} of ${baseName(r.topic)} (${
            counts[r.topic] ?? "?"
          } partitions)`
        ),
      );
      return waiting(
        `${user}'s events sit in ${[...where].join(", ")}: ` +
          "co-partitioning needs the same partition count on every topic",
      );
    }
    const topics = new Set(mine.map((r) => r.topic));
    if (topics.size < 2) continue;
    shared++;
    if (
      !example || topics.size > example.topics.size ||
      (topics.size === example.topics.size &&
        mine.length > example.rows.length)
    ) example = { user, rows: mine, topics };
  }
  if (!example) {
    return waiting(
      "no user has events on two store topics among the newest records yet: produce more",
    );
  }
  const partition = example.rows[0].partition;
  const count = counts[example.rows[0].topic];
  return ok(
    `${example.user}: ${example.rows.length} events on ${example.topics.size} topics (${
      [...example.topics].map(baseName).join(", ")
    }), every one in partition ${partition} = murmur2("${example.user}") % ${count}; ` +
      `each of the ${shared} users seen on two or more topics sits in one partition number`,
  );
}

interface UserTrail {
  user: string;
  topic: string;
  /** The user's events on the topic in the order a partition-by-partition read gives. */
  rows: StoreRow[];
  partitions: Set<number>;
  inOrder: boolean;
}

function trails(rows: StoreRow[]): UserTrail[] {
  return [...groupBy(rows, (r) => `${r.topic}|${r.user}`).values()]
    .filter((mine) => mine.length >= 3)
    .map((mine) => {
      const ordered = [...mine].sort((a, b) =>
        a.partition - b.partition || a.offset - b.offset
      );
      return {
        user: ordered[0].user!,
        topic: ordered[0].topic,
        rows: ordered,
        partitions: new Set(ordered.map((r) => r.partition)),
        inOrder: ordered.every((r, i) =>
          i === 0 || r.time! >= ordered[i - 1].time!
        ),
      };
    });
}

/** Records keyed other than by `user_id` scatter a user's events, and a read partition by partition reorders them. */
export function scattered(rows: readonly StoreRow[]): CheckResult {
  const events = rows.filter((r) => r.user !== null && r.time !== null);
  const rekeyed = events.filter((r) => r.key !== r.user);
  if (rekeyed.length === 0) {
    return waiting(
      "no events keyed other than by user_id yet: deno task produce --events 3000 --key random",
    );
  }
  const mixed = trails(rekeyed);
  const broken = mixed.filter((t) => t.partitions.size > 1 && !t.inOrder);
  if (broken.length === 0) {
    return waiting(
      `${rekeyed.length} events keyed at random, but no user has 3 or more of them out of order over partitions of one topic yet: produce more`,
    );
  }
  const example = broken.reduce((a, b) =>
    b.rows.length > a.rows.length ? b : a
  );
  const shown = example.rows.slice(0, 6).map((r) =>
    `${clock(r.time!)} (p${r.partition})`
  );
  const split = mixed.filter((t) => t.partitions.size > 1).length;
  const steady = trails(events.filter((r) => r.key === r.user));
  const contrast = steady.length > 0 && steady.every((t) => t.inOrder)
    ? `; keyed by user_id, all ${steady.length} such users' events read in the order they happened`
    : "";
  return ok(
    `keyed at random, ${example.user}'s ${example.rows.length} events on ${
      baseName(example.topic)
    } sit in partitions ${list(example.partitions)}; ` +
      `read partition by partition they come ${shown.join(", ")}${
        example.rows.length > 6 ? ", …" : ""
      }: not the order they happened in. ` +
      `${split} of ${mixed.length} users with 3+ such events are split over partitions${contrast}`,
  );
}

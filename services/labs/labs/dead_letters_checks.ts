/**
 * Lab 6's observations and checks, pure: dead letters by reason, the share
 * an outage dead-letters, and replayed records followed to the enriched topic.
 */
import { type CheckResult, ok, type StepView, waiting } from "../model.ts";

/** The dead-letter topic, summed up from its records' headers. */
export interface DeadLetterTally {
  count: number;
  byReason: Record<string, number>;
  /** Dead letters without a `dlq.reason` or without their source topic and offset. */
  withoutReason: number;
  withoutSource: number;
  /** Records on the store topics (end minus start offsets, summed). */
  storeRecords: number;
  /** Epoch ms the oldest dead letter was written; null while there is none. */
  oldestAt: number | null;
}

export function emptyTally(): DeadLetterTally {
  return {
    count: 0,
    byReason: {},
    withoutReason: 0,
    withoutSource: 0,
    storeRecords: 0,
    oldestAt: null,
  };
}

/** Adds one dead letter, by its headers (as text) and the time it was written. */
export function countDeadLetter(
  tally: DeadLetterTally,
  headers: Record<string, string | undefined>,
  writtenAt: number,
) {
  tally.count++;
  tally.oldestAt = Math.min(tally.oldestAt ?? Infinity, writtenAt);
  const reason = headers["dlq.reason"];
  if (reason) tally.byReason[reason] = (tally.byReason[reason] ?? 0) + 1;
  else tally.withoutReason++;
  if (
    !headers["dlq.source.topic"] || headers["dlq.source.offset"] === undefined
  ) {
    tally.withoutSource++;
  }
}

/** A record `deno task dlq replay` wrote back to a store topic. */
export interface Replayed {
  topic: string;
  partition: number;
  offset: number;
  /** The dead letter it came from (`dlq.replay.of`). */
  of: string;
  eventId: string | null;
}

export interface ReplayFigures {
  replayed: Replayed[];
  /** Event ids of replayed records found on the enriched topic. */
  enriched: string[];
}

const fmt = (n: number) => n.toLocaleString("en-US");
const percent = (part: number, whole: number) =>
  `${(whole > 0 ? (100 * part) / whole : 0).toFixed(1)} %`;

function tallyOf(snapshot: StepView["now"]): DeadLetterTally {
  return (snapshot.probes.deadLetters as DeadLetterTally | undefined) ??
    emptyTally();
}

function reasons(byReason: Record<string, number>): string {
  return Object.entries(byReason).sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${fmt(n)}`).join(", ");
}

/** Waiting while the processor group has store records left to read, so counts are whole. */
function behind(view: StepView): CheckResult | null {
  const lag = view.now.group?.total_lag ?? 0;
  return lag > 0
    ? waiting(`the processor has ${fmt(lag)} records left to read`)
    : null;
}

/** Step 1: bad records are on the dead-letter topic, each with its reason and source. */
export function deadLettersWithReasons(view: StepView): CheckResult {
  const t = tallyOf(view.now);
  const unread = behind(view);
  if (unread) return unread;
  if (t.count === 0) {
    return waiting(
      "no dead letters yet: produce with --bad-ratio and run the processor",
    );
  }
  if (t.oldestAt !== null && t.oldestAt < view.start.at) {
    return waiting(
      `the dead-letter topic holds ${
        fmt(t.count)
      } dead letters from before this step: start from an empty playground (deno task reset --all --yes)`,
    );
  }
  if (t.withoutReason + t.withoutSource > 0) {
    return waiting(
      `${t.withoutReason} dead letters without a reason, ${t.withoutSource} without their source`,
    );
  }
  const kinds = Object.keys(t.byReason).length;
  if (kinds < 3) {
    return waiting(
      `${fmt(t.count)} dead letters, all ${
        reasons(t.byReason)
      }: a bad ratio of 0.05 over a few thousand records gives several reasons`,
    );
  }
  return ok(
    `${fmt(t.count)} dead letters (${percent(t.count, t.storeRecords)} of ${
      fmt(t.storeRecords)
    } records), each with its reason and source: ${reasons(t.byReason)}`,
  );
}

/** An outage dead-letters at least this share of what it sends (a third of its 30 % bursts). */
export const OUTAGE_MIN_SHARE = 0.1;

/** Step 2: the outage's burst dead-letters a larger share of the new records. */
export function outageBurst(view: StepView): CheckResult {
  const before = tallyOf(view.start);
  const now = tallyOf(view.now);
  const records = now.storeRecords - before.storeRecords;
  const dead = now.count - before.count;
  if (records <= 0) {
    return waiting("no new records on the store topics: run the outage");
  }
  const unread = behind(view);
  if (unread) return unread;
  const share = dead / records;
  if (share < OUTAGE_MIN_SHARE) {
    return waiting(
      `${fmt(dead)} of ${fmt(records)} new records dead-lettered (${
        percent(dead, records)
      }); the outage's burst (30 % bad for 45 s, from 30 s in) should pass ${
        100 * OUTAGE_MIN_SHARE
      } % once the processor has read it`,
    );
  }
  return ok(
    `${fmt(dead)} of ${fmt(records)} new records dead-lettered (${
      percent(dead, records)
    }, against ${
      percent(before.count, before.storeRecords)
    } before): the outage's burst`,
  );
}

/** Step 3: replayed records exist, the group committed past them, and they are enriched. */
export function replaysProcessed(view: StepView): CheckResult {
  const figures = view.now.probes.replays as ReplayFigures | undefined;
  const replayed = figures?.replayed ?? [];
  if (replayed.length === 0) {
    return waiting(
      "no replayed records (header dlq.replay.of) on the store topics yet: deno task dlq replay --fix",
    );
  }
  const lag = view.now.group?.lag ?? [];
  const pending = replayed.filter((r) => {
    const p = lag.find((l) =>
      l.topic === r.topic && l.partition === r.partition
    );
    return !p || p.committed === null || p.committed <= r.offset;
  });
  if (pending.length > 0) {
    return waiting(
      `${pending.length} of ${replayed.length} replayed records not processed yet: run the processor`,
    );
  }
  const enriched = new Set(figures!.enriched);
  const missing = replayed.filter((r) =>
    !r.eventId || !enriched.has(r.eventId)
  );
  if (missing.length > 0) {
    return waiting(
      `${missing.length} of ${replayed.length} replayed records not on the enriched topic`,
    );
  }
  const left = tallyOf(view.now).count - replayed.length;
  return ok(
    `${replayed.length} dead letters repaired and replayed, each with dlq.replay.of; all processed (committed by the group, on the enriched topic); the other ${
      fmt(left)
    } stay dead letters: nothing in them can be repaired without guessing`,
  );
}

/** Step 4: verify is exact, the replayed events counted once among the valid ones. */
export function verifiedAfterReplay(view: StepView): CheckResult {
  const verify = view.now.verify;
  if (!verify || Date.parse(verify.at) < view.start.at) {
    return waiting("no new deno task verify run yet");
  }
  if (!verify.ok) {
    return waiting(`verify found differences: ${verify.failures.join(", ")}`);
  }
  const raw = verify.raw;
  const replayed =
    (view.now.probes.replays as ReplayFigures | undefined)?.replayed.length ??
      0;
  return ok(
    raw
      ? `verify exact: ${
        fmt(raw.valid)
      } valid events, the ${replayed} replayed included (${
        fmt(raw.late)
      } late in all), and ${
        fmt(raw.rejected)
      } rejected, each on the dead-letter topic with its reason`
      : `verify exact: ${verify.compared} final records`,
  );
}

/** Lag, stalls, owners and rates of the processor group, from a sequence of broker polls. Pure. */
import type { Buffer } from "node:buffer";
import { decodeAssignment } from "./assignment.ts";
import type {
  GroupView,
  MemberView,
  PartitionLag,
} from "../../lib/kafka_types.ts";

/** What one poll of the broker read: the group's description, its commits and the watermarks. */
export interface GroupSnapshot {
  /** Epoch ms of the poll. */
  at: number;
  groupId: string;
  state: string;
  protocol: string;
  members: {
    memberId: string;
    clientId: string;
    clientHost: string;
    memberAssignment: Buffer | Uint8Array | null;
  }[];
  /** Every partition of the input topics with its watermarks. */
  partitions: { topic: string; partition: number; low: number; high: number }[];
  /** Committed offsets by topic and partition; a partition without a commit is absent. */
  committed: Record<string, Record<number, number>>;
}

interface Sample {
  at: number;
  committed: Record<string, number | null>;
  high: Record<string, number>;
}

/** The tracker's state between polls: the current view and the samples the rates need. */
export interface GroupTrack {
  view: GroupView;
  samples: Sample[];
}

export interface GroupTrackOptions {
  /** Lag with no committed progress for this long marks a partition stalled. @default 30_000 */
  stallMs?: number;
  /** Rates are measured over (about) this long. @default 15_000 */
  rateWindowMs?: number;
}

const key = (topic: string, partition: number) => `${topic}|${partition}`;

/**
 * Folds one poll into the group's state. A partition is stuck from the first
 * poll that shows it with lag and the committed offset it still has; it is
 * stalled once stuck for `stallMs`. It is unowned when the group is stable,
 * has members whose assignments all decoded, and none of them holds it
 * (during a rebalance nobody owns anything yet, which is not a fault).
 */
export function trackGroup(
  previous: GroupTrack | undefined,
  snapshot: GroupSnapshot,
  options: GroupTrackOptions = {},
): GroupTrack {
  const { stallMs = 30_000, rateWindowMs = 15_000 } = options;
  const members = decodeMembers(snapshot.members);
  const owners = new Map<string, string>();
  for (const m of members) {
    for (const [topic, parts] of Object.entries(m.assignment)) {
      for (const p of parts) owners.set(key(topic, p), m.member_id);
    }
  }
  const canJudgeOwners = snapshot.state === "Stable" && members.length > 0 &&
    members.every((m) => m.assignment_error === undefined);
  const before = new Map(
    (previous?.view.lag ?? []).map((p) => [key(p.topic, p.partition), p]),
  );
  const lag: PartitionLag[] = snapshot.partitions.map(
    ({ topic, partition, low, high }) => {
      const k = key(topic, partition);
      const committed = snapshot.committed[topic]?.[partition] ?? null;
      const behind = Math.max(0, high - (committed ?? low));
      const was = before.get(k);
      let stuckSince: number | null = null;
      if (behind > 0) {
        const same = was !== undefined && was.committed === committed;
        stuckSince = same && was.stuck_since !== null
          ? was.stuck_since
          : snapshot.at;
      }
      const owner = owners.get(k) ?? null;
      return {
        topic,
        partition,
        committed,
        low,
        high,
        lag: behind,
        owner,
        stuck_since: stuckSince,
        stalled: stuckSince !== null && snapshot.at - stuckSince >= stallMs,
        unowned: canJudgeOwners && owner === null,
      };
    },
  ).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);

  const sample: Sample = { at: snapshot.at, committed: {}, high: {} };
  for (const p of lag) {
    sample.committed[key(p.topic, p.partition)] = p.committed;
    sample.high[key(p.topic, p.partition)] = p.high;
  }
  const older = (previous?.samples ?? []).filter((s) => s.at < snapshot.at);
  const inWindow = older.filter((s) => s.at >= snapshot.at - rateWindowMs);
  const base = inWindow[0] ?? older.at(-1);
  const rates = base ? ratesBetween(base, sample) : null;
  return {
    view: {
      group_id: snapshot.groupId,
      state: snapshot.state,
      protocol: snapshot.protocol,
      members,
      lag,
      total_lag: lag.reduce((sum, p) => sum + p.lag, 0),
      polled_at: snapshot.at,
      consumed_per_s: rates?.consumed ?? null,
      produced_per_s: rates?.produced ?? null,
    },
    samples: [...inWindow, sample],
  };
}

/**
 * A group member as the pages show it; `decode` is false for a group whose
 * protocol is not the consumer one (its assignment is not ours to read).
 */
export function memberView(
  m: GroupSnapshot["members"][number],
  decode = true,
): MemberView {
  const decoded = decode
    ? decodeAssignment(m.memberAssignment)
    : { assignment: {} };
  return {
    member_id: m.memberId,
    client_id: m.clientId,
    client_host: m.clientHost,
    assignment: "assignment" in decoded ? decoded.assignment : {},
    ...("error" in decoded ? { assignment_error: decoded.error } : {}),
  };
}

function decodeMembers(raw: GroupSnapshot["members"]): MemberView[] {
  return raw.map((m) => memberView(m)).sort((a, b) =>
    a.client_id.localeCompare(b.client_id) ||
    a.member_id.localeCompare(b.member_id)
  );
}

/** Records per second between two samples, partition by partition (a first commit or a reset counts as none). */
function ratesBetween(
  from: Sample,
  to: Sample,
): { consumed: number; produced: number } {
  const seconds = Math.max(0.001, (to.at - from.at) / 1000);
  let consumed = 0;
  let produced = 0;
  for (const [k, now] of Object.entries(to.committed)) {
    const then = from.committed[k];
    if (now !== null && then !== null && then !== undefined && now > then) {
      consumed += now - then;
    }
  }
  for (const [k, now] of Object.entries(to.high)) {
    const then = from.high[k];
    if (then !== undefined && now > then) produced += now - then;
  }
  return { consumed: consumed / seconds, produced: produced / seconds };
}

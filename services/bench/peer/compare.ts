/**
 * Whether the Kafka Streams peer computed what we did: for each metric it
 * computes, the final value of every window (the last record per key) must
 * equal ours, window by window and partition by partition. Pure.
 */
import {
  type MetricRecord,
  WINDOWED_METRICS,
} from "../../../shared/schemas/metrics.ts";
import { canonical } from "../../processor/verify/compare.ts";

/** The metrics the peer computes, of our six windowed ones. */
export const PEER_METRICS = [
  "revenue_per_minute",
  "events_per_minute",
  "trending_games",
] as const satisfies readonly (typeof WINDOWED_METRICS)[number][];

export type PeerMetric = typeof PEER_METRICS[number];

export interface MetricCheck {
  metric: PeerMetric;
  /** Windows (keys) both have. */
  compared: number;
  equal: number;
  different: number;
  /** Windows we have and the peer does not. */
  missing: number;
  /**
   * Windows only we have, with nothing in them for this metric: windows that
   * only sessions ending touched (cart_abandonment counts those), which the
   * peer, keeping no sessions, never opens. They count as equal.
   */
  emptyOnlyOurs: number;
  /** Windows the peer has and we do not. */
  unexpected: number;
  /** The first few differences, for the report. */
  examples: string[];
}

export interface PeerCheck {
  metrics: MetricCheck[];
  /** Every metric has windows, and every window is equal. */
  equal: boolean;
}

const MAX_EXAMPLES = 3;

/** True when a record of one of the peer's metrics counts nothing. */
export function isEmpty(record: MetricRecord): boolean {
  switch (record.metric) {
    case "revenue_per_minute":
      return record.data.orders === 0 && record.data.revenue === 0;
    case "events_per_minute":
      return record.data.total === 0;
    case "trending_games":
      return Object.keys(record.data.games).length === 0;
    default:
      return false;
  }
}

function checkMetric(
  metric: PeerMetric,
  ours: ReadonlyMap<string, MetricRecord>,
  peer: ReadonlyMap<string, MetricRecord>,
): MetricCheck {
  const check: MetricCheck = {
    metric,
    compared: 0,
    equal: 0,
    different: 0,
    missing: 0,
    emptyOnlyOurs: 0,
    unexpected: 0,
    examples: [],
  };
  const example = (text: string) => {
    if (check.examples.length < MAX_EXAMPLES) check.examples.push(text);
  };
  for (const [key, record] of ours) {
    if (record.metric !== metric) continue;
    const theirs = peer.get(key);
    if (!theirs && isEmpty(record)) {
      check.emptyOnlyOurs++;
      continue;
    }
    if (!theirs) {
      check.missing++;
      example(`missing ${key}`);
      continue;
    }
    check.compared++;
    const want = canonical(record.data);
    const got = canonical(theirs.data);
    if (want === got) {
      check.equal++;
    } else {
      check.different++;
      example(`${key}: ours ${want.slice(0, 200)} peer ${got.slice(0, 200)}`);
    }
  }
  for (const [key, record] of peer) {
    if (record.metric === metric && !ours.has(key)) {
      check.unexpected++;
      example(`unexpected ${key}`);
    }
  }
  return check;
}

/**
 * Compares the latest record per key of our metrics topic with the peer's.
 * Only {@linkcode PEER_METRICS} count; the rest of ours is ignored.
 */
export function comparePeer(
  ours: ReadonlyMap<string, MetricRecord>,
  peer: ReadonlyMap<string, MetricRecord>,
): PeerCheck {
  const metrics = PEER_METRICS.map((metric) => checkMetric(metric, ours, peer));
  return {
    metrics,
    equal: metrics.every((m) =>
      m.compared > 0 && m.equal === m.compared && m.missing === 0 &&
      m.unexpected === 0
    ),
  };
}

/** One line per metric: `revenue_per_minute: 120 of 120 windows equal`, plus what differs. */
export function formatPeerCheck(check: PeerCheck): string {
  return check.metrics.map((m) => {
    const problems = [
      m.compared === 0 ? "no windows" : "",
      m.different > 0 ? `${m.different} different` : "",
      m.missing > 0 ? `${m.missing} missing in the peer` : "",
      m.unexpected > 0 ? `${m.unexpected} only in the peer` : "",
    ].filter(Boolean);
    const head = `${m.metric}: ${m.equal} of ${m.compared} windows equal`;
    return problems.length === 0
      ? head
      : `${head}; ${problems.join(", ")}: ${m.examples.join(" | ")}`;
  }).join("\n");
}

/** The table's note when the peer does less than we do. */
export function peerScopeNote(): string {
  return `peer computes ${PEER_METRICS.length} of our ${WINDOWED_METRICS.length} metrics: ratio is conservative`;
}

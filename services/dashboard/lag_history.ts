/** The last hour of every group's lag per topic, sampled by the dashboard, and the time to clear it. Pure. */
import type {
  GroupInfo,
  LagPoint,
  TopicLagHistory,
} from "../../lib/groups_types.ts";

interface Sample {
  t: number;
  lag: number;
}

export interface LagHistoryOptions {
  /** How much history is kept. @default 3_600_000 */
  keepMs?: number;
  /** The span the drain rate is measured over. @default 60_000 */
  rateMs?: number;
}

/**
 * The lag's net rate of fall over the last `rateMs` of `points` and the time
 * to reach zero at that rate; nulls with fewer than two points, and no time
 * when the lag is not falling.
 */
export function clearEstimate(
  points: LagPoint[],
  rateMs = 60_000,
): Pick<TopicLagHistory, "clear_in_ms" | "drain_per_s"> {
  const last = points.at(-1);
  if (!last) return { clear_in_ms: null, drain_per_s: null };
  if (last.lag === 0) return { clear_in_ms: 0, drain_per_s: 0 };
  const first = points.find((p) => p.t >= last.t - rateMs);
  if (!first || first.t === last.t) {
    return { clear_in_ms: null, drain_per_s: null };
  }
  const perMs = (first.lag - last.lag) / (last.t - first.t);
  return {
    drain_per_s: perMs * 1000,
    clear_in_ms: perMs > 0 ? Math.round(last.lag / perMs) : null,
  };
}

/** Keeps lag samples per group and topic. */
export class LagHistory {
  readonly #series = new Map<string, Map<string, Sample[]>>();
  readonly #keepMs: number;
  readonly #rateMs: number;

  constructor(options: LagHistoryOptions = {}) {
    this.#keepMs = options.keepMs ?? 3_600_000;
    this.#rateMs = options.rateMs ?? 60_000;
  }

  /** Adds one sample per group and topic: the sum of the partitions' lag (no commit counts 0). */
  record(at: number, groups: GroupInfo[]): void {
    for (const group of groups) {
      const topics = this.#series.get(group.group_id) ??
        new Map<string, Sample[]>();
      this.#series.set(group.group_id, topics);
      const sums = new Map<string, number>();
      for (const p of group.partitions) {
        sums.set(p.topic, (sums.get(p.topic) ?? 0) + (p.lag ?? 0));
      }
      for (const [topic, lag] of sums) {
        const samples = topics.get(topic) ?? [];
        samples.push({ t: at, lag });
        while (samples.length > 0 && samples[0].t < at - this.#keepMs) {
          samples.shift();
        }
        topics.set(topic, samples);
      }
    }
    // A group gone from the broker keeps its history until it ages out.
    for (const [id, topics] of this.#series) {
      for (const [topic, samples] of topics) {
        if (samples.at(-1)!.t < at - this.#keepMs) topics.delete(topic);
      }
      if (topics.size === 0) this.#series.delete(id);
    }
  }

  /** Each group's topics with their points and clear estimate. */
  view(): Record<string, TopicLagHistory[]> {
    const out: Record<string, TopicLagHistory[]> = {};
    for (const [id, topics] of this.#series) {
      out[id] = [...topics].sort(([a], [b]) => a.localeCompare(b)).map((
        [topic, points],
      ) => ({
        topic,
        points: [...points],
        ...clearEstimate(points, this.#rateMs),
      }));
    }
    return out;
  }
}

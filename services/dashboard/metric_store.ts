/** The dashboard's memory of `analytics.metrics`: the latest record per key, merged per window. */
import {
  metricKey,
  type MetricName,
  type MetricRecord,
} from "../../shared/schemas/metrics.ts";
import { mergeParts } from "./merge.ts";
import { MINUTE_MS } from "../../shared/time.ts";
import { type MetricWindow, windowId } from "../../lib/types.ts";

export interface MetricStoreOptions {
  /** Windows older than this behind the newest window of their metric are dropped. @default 3_600_000 */
  keepMs?: number;
}

interface Slot {
  metric: MetricName;
  window_start: string;
  startMs: number;
  parts: Map<string, MetricRecord>;
  received_at: number;
  merged?: MetricWindow;
}

/**
 * Keeps the latest record of every key for the last hour of windows and the
 * merged value of each window, and remembers which windows changed since the
 * last {@linkcode MetricStore.takeChanges}.
 */
export class MetricStore {
  readonly #keepMs: number;
  readonly #slots = new Map<string, Slot>();
  readonly #newest = new Map<MetricName, number>();
  readonly #changed = new Set<string>();

  constructor({ keepMs = 60 * MINUTE_MS }: MetricStoreOptions = {}) {
    this.#keepMs = keepMs;
  }

  /** Records one consumed record; returns false when it is too old to keep. */
  apply(record: MetricRecord, receivedAt: number): boolean {
    const startMs = Date.parse(record.window_start);
    const newest = Math.max(this.#newest.get(record.metric) ?? 0, startMs);
    if (startMs < newest - this.#keepMs) return false;
    if (newest !== this.#newest.get(record.metric)) {
      this.#newest.set(record.metric, newest);
      this.#prune(record.metric, newest - this.#keepMs);
    }
    const id = windowId(record);
    let slot = this.#slots.get(id);
    if (!slot) {
      slot = {
        metric: record.metric,
        window_start: record.window_start,
        startMs,
        parts: new Map(),
        received_at: receivedAt,
      };
      this.#slots.set(id, slot);
    }
    // The key's last segment names the part (partition, or producer instance).
    const part = metricKey(record).slice(id.length + 1);
    slot.parts.set(part, record);
    slot.received_at = receivedAt;
    slot.merged = undefined;
    this.#changed.add(id);
    return true;
  }

  /** The merged windows changed since the last call, oldest first. */
  takeChanges(): MetricWindow[] {
    const out: MetricWindow[] = [];
    for (const id of this.#changed) {
      const slot = this.#slots.get(id);
      if (slot) out.push(this.#merge(slot));
    }
    this.#changed.clear();
    return out.sort(byStart);
  }

  /** Every window held, oldest first. */
  windows(): MetricWindow[] {
    return [...this.#slots.values()].map((slot) => this.#merge(slot)).sort(
      byStart,
    );
  }

  get size(): number {
    return this.#slots.size;
  }

  #prune(metric: MetricName, beforeMs: number) {
    for (const [id, slot] of this.#slots) {
      if (slot.metric === metric && slot.startMs < beforeMs) {
        this.#slots.delete(id);
        this.#changed.delete(id);
      }
    }
  }

  #merge(slot: Slot): MetricWindow {
    if (slot.merged) return slot.merged;
    const parts = [...slot.parts.values()];
    let final = true;
    let emitted = "";
    let end = "";
    let semantics: MetricRecord["semantics"];
    for (const part of parts) {
      final &&= part.final;
      if (part.emitted_at > emitted) {
        emitted = part.emitted_at;
        semantics = part.semantics;
      }
      if (part.window_end > end) end = part.window_end;
    }
    slot.merged = {
      metric: slot.metric,
      window_start: slot.window_start,
      window_end: end,
      final,
      parts: parts.length,
      // deno-lint-ignore no-explicit-any
      value: mergeParts(slot.metric, parts as any),
      emitted_at: emitted,
      received_at: slot.received_at,
      ...(semantics ? { semantics } : {}),
    } as MetricWindow;
    return slot.merged;
  }
}

function byStart(a: MetricWindow, b: MetricWindow): number {
  return a.window_start < b.window_start
    ? -1
    : a.window_start > b.window_start
    ? 1
    : a.metric < b.metric
    ? -1
    : a.metric > b.metric
    ? 1
    : 0;
}

/**
 * Which produced events a dashboard update includes, by per-window, per-type
 * counts (see e2e_events.ts for why a count identifies the events).
 */
import type { EventType } from "../../shared/schemas/events.ts";
import { MINUTE_MS } from "../../shared/time.ts";

/** Where an event's time went: to the processor's emission, to the dashboard consuming it, to the client. */
export interface Breakdown {
  toEmit: number;
  toDashboard: number;
  toClient: number;
}

/** When the update's window was emitted by the processor and consumed by the dashboard (epoch ms). */
export interface Marks {
  emittedAt: number;
  receivedAt: number;
}

interface Pending {
  ordinal: number;
  sentAt: number;
  run: number;
}

/** Tracks sent events until an update's counts cover them, and their latencies per run. */
export class E2eTracker {
  readonly #sent = new Map<string, number>();
  readonly #pending = new Map<string, Pending[]>();
  readonly #latencies = new Map<number, number[]>();
  readonly #breakdowns = new Map<number, Breakdown[]>();
  #outstanding = 0;

  /** Records an event of `type` stamped `eventTime`, sent at `sentAt`, counted for `run` (negative = warm-up). */
  sent(type: EventType, eventTime: number, sentAt: number, run: number): void {
    const key = `${Math.floor(eventTime / MINUTE_MS) * MINUTE_MS}|${type}`;
    const ordinal = (this.#sent.get(key) ?? 0) + 1;
    this.#sent.set(key, ordinal);
    let queue = this.#pending.get(key);
    if (!queue) this.#pending.set(key, queue = []);
    queue.push({ ordinal, sentAt, run });
    this.#outstanding++;
  }

  /** An update showed `count` events of `type` in the window starting at `windowStart` (epoch ms), seen at `seenAt`. */
  seen(
    type: EventType,
    windowStart: number,
    count: number,
    seenAt: number,
    marks?: Marks,
  ) {
    const queue = this.#pending.get(`${windowStart}|${type}`);
    if (!queue) return;
    let covered = 0;
    while (covered < queue.length && queue[covered].ordinal <= count) {
      const { sentAt, run } = queue[covered];
      if (run >= 0) {
        let list = this.#latencies.get(run);
        if (!list) this.#latencies.set(run, list = []);
        list.push(Math.max(0, seenAt - sentAt));
        if (marks) {
          let parts = this.#breakdowns.get(run);
          if (!parts) this.#breakdowns.set(run, parts = []);
          parts.push({
            toEmit: marks.emittedAt - sentAt,
            toDashboard: marks.receivedAt - marks.emittedAt,
            toClient: seenAt - marks.receivedAt,
          });
        }
      }
      covered++;
    }
    if (covered > 0) {
      queue.splice(0, covered);
      this.#outstanding -= covered;
    }
  }

  /** Latencies (ms) of the events of `run` seen so far. */
  latencies(run: number): number[] {
    return this.#latencies.get(run) ?? [];
  }

  /** The breakdown of each seen event of `run` whose update carried marks. */
  breakdowns(run: number): Breakdown[] {
    return this.#breakdowns.get(run) ?? [];
  }

  /** Events sent but not yet seen in any update. */
  get outstanding(): number {
    return this.#outstanding;
  }

  /** The oldest send time among events not yet seen, or null. */
  oldestOutstanding(): number | null {
    let oldest: number | null = null;
    for (const queue of this.#pending.values()) {
      if (queue.length > 0 && (oldest === null || queue[0].sentAt < oldest)) {
        oldest = queue[0].sentAt;
      }
    }
    return oldest;
  }
}

/**
 * The five input queues of one task and the canonical order in which they are
 * consumed: dead letters as soon as they reach the head of their queue, valid
 * events by (event time, topic index). Because the order depends only on the
 * data, the stream and a batch recomputation see the same sequence.
 *
 * Live, an empty queue at its end only means that nothing was there when its
 * end was last seen: a record sent with the ones waiting elsewhere may be on
 * its way. So an empty queue lets the others go on only if its end was seen
 * after their next record arrived; until then the task asks for fresh ends
 * (`stale`).
 */
import type { Classified } from "./validate.ts";

export interface InputRecord {
  offset: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  verdict: Classified;
  /** When the record reached the task (ms); 0 where it does not matter (a batch). */
  receivedAt?: number;
  /** How many times `deno task dlq replay` sent this record back, from its headers. */
  replays?: number;
}

export interface Taken {
  topicIndex: number;
  record: InputRecord;
}

interface Queue {
  items: InputRecord[];
  head: number;
  /** Next offset the fetcher should deliver; everything before is buffered or done. */
  fetched: number;
  /** Last known high watermark; -1 when unknown. */
  highWatermark: number;
  /** When the high watermark was last seen (ms); Infinity when it is final. */
  checkedAt: number;
}

/** Drop consumed items from the front once the dead prefix is this long. */
const COMPACT_AT = 4096;

export class TaskInput {
  readonly #queues: Queue[];

  /** `positions[i]`: the first offset of topic i this task has not handled. */
  constructor(positions: readonly number[]) {
    this.#queues = positions.map((fetched) => ({
      items: [],
      head: 0,
      fetched,
      highWatermark: -1,
      checkedAt: -Infinity,
    }));
  }

  #stale = false;

  /** True when the merge waits for a fresher end of an empty queue. */
  get stale(): boolean {
    return this.#stale;
  }

  get topicCount(): number {
    return this.#queues.length;
  }

  /**
   * Appends fetched records, ignoring any already buffered or handled (a
   * refetch after a rebalance). Returns the offset the queue expected when the
   * records start after it (a gap), else null.
   */
  append(topicIndex: number, records: readonly InputRecord[]): number | null {
    const queue = this.#queues[topicIndex];
    let gap: number | null = null;
    for (const record of records) {
      if (record.offset < queue.fetched) continue;
      if (
        record.offset > queue.fetched && gap === null &&
        queue.items.length === queue.head
      ) {
        gap = queue.fetched;
      }
      queue.items.push(record);
      queue.fetched = record.offset + 1;
    }
    return gap;
  }

  /**
   * The fetcher has read through `lastOffset` (a batch's last offset, which
   * covers transaction markers and filtered records that never arrive as
   * records): nothing before it is still to come.
   */
  fetchedThrough(topicIndex: number, lastOffset: number) {
    const queue = this.#queues[topicIndex];
    if (lastOffset + 1 > queue.fetched) queue.fetched = lastOffset + 1;
  }

  /** Where the fetcher should be for this topic. */
  fetchedUpTo(topicIndex: number): number {
    return this.#queues[topicIndex].fetched;
  }

  /** A high watermark seen at `checkedAt` (default: final, as in a batch). */
  setHighWatermark(
    topicIndex: number,
    highWatermark: number,
    checkedAt = Infinity,
  ) {
    const queue = this.#queues[topicIndex];
    if (highWatermark > queue.highWatermark) {
      queue.highWatermark = highWatermark;
    }
    if (checkedAt > queue.checkedAt) queue.checkedAt = checkedAt;
    this.#stale = false;
  }

  highWatermark(topicIndex: number): number {
    return this.#queues[topicIndex].highWatermark;
  }

  /** The offset to commit for a topic: the first record not yet taken. */
  position(topicIndex: number): number {
    const queue = this.#queues[topicIndex];
    return queue.head < queue.items.length
      ? queue.items[queue.head].offset
      : queue.fetched;
  }

  positions(): number[] {
    return this.#queues.map((_, i) => this.position(i));
  }

  buffered(topicIndex: number): number {
    const queue = this.#queues[topicIndex];
    return queue.items.length - queue.head;
  }

  /** True when nothing is buffered and the fetcher has reached the high watermark. */
  atEnd(topicIndex: number): boolean {
    const queue = this.#queues[topicIndex];
    return queue.head === queue.items.length &&
      queue.highWatermark >= 0 && queue.fetched >= queue.highWatermark;
  }

  /**
   * The next record in canonical order, or null when a queue must be fetched
   * first. A valid event later than `skewLimit` (the task's event time plus
   * the allowed skew; null for none) is taken at once as a `timestamp_skew`
   * dead letter unless the next valid record of its own queue is that far
   * ahead too: one record must not move event time (and the watermark, for
   * good) beyond what the rest of the data supports. Deciding at the head of
   * the queue, not when the merge reaches it, keeps the records behind it
   * from waiting on a time that will never come.
   */
  take(skewLimit: number | null = null): Taken | null {
    const queues = this.#queues;
    let best = -1;
    let bestTime = Infinity;
    let endsSeenAt = Infinity;
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[i];
      if (queue.head === queue.items.length) {
        if (this.atEnd(i)) {
          endsSeenAt = Math.min(endsSeenAt, queue.checkedAt);
          continue;
        }
        // A valid event might still come from here; only dead letters may pass.
        best = -2;
        continue;
      }
      const verdict = queue.items[queue.head].verdict;
      if (!verdict.ok) return this.#shift(i);
      if (skewLimit !== null && verdict.time > skewLimit) {
        const behind = this.#nextValidTime(i);
        if (behind === "wait") {
          best = -2;
          continue;
        }
        if (behind === "end" || behind <= skewLimit) {
          return this.#skewed(i, verdict.time, skewLimit);
        }
      }
      if (best !== -2 && verdict.time < bestTime) {
        best = i;
        bestTime = verdict.time;
      }
    }
    if (best < 0) return null;
    const head = queues[best].items[queues[best].head];
    if ((head.receivedAt ?? 0) > endsSeenAt) {
      this.#stale = true;
      return null;
    }
    return this.#shift(best);
  }

  #skewed(topicIndex: number, time: number, limit: number): Taken {
    const { record } = this.#shift(topicIndex);
    const detail = `event time ${new Date(time).toISOString()} is past ${
      new Date(limit).toISOString()
    } (the task's event time plus the allowed skew) and the records after it are not`;
    return {
      topicIndex,
      record: {
        ...record,
        verdict: { ok: false, reason: "timestamp_skew", detail },
      },
    };
  }

  /**
   * The event time of the first valid record after the head of a queue,
   * `"end"` when there is none and the queue is at its end, or `"wait"` when
   * one may still be fetched.
   */
  #nextValidTime(topicIndex: number): number | "end" | "wait" {
    const queue = this.#queues[topicIndex];
    for (let i = queue.head + 1; i < queue.items.length; i++) {
      const verdict = queue.items[i].verdict;
      if (verdict.ok) return verdict.time;
    }
    return queue.highWatermark >= 0 && queue.fetched >= queue.highWatermark
      ? "end"
      : "wait";
  }

  #shift(topicIndex: number): Taken {
    const queue = this.#queues[topicIndex];
    const record = queue.items[queue.head++];
    if (queue.head === queue.items.length) {
      queue.items = [];
      queue.head = 0;
    } else if (queue.head >= COMPACT_AT) {
      queue.items = queue.items.slice(queue.head);
      queue.head = 0;
    }
    return { topicIndex, record };
  }

  /** Records buffered over every queue. */
  bufferedTotal(): number {
    let sum = 0;
    for (let i = 0; i < this.#queues.length; i++) sum += this.buffered(i);
    return sum;
  }

  /** Every queue has reached its last known high watermark. */
  allAtEnd(): boolean {
    for (let i = 0; i < this.#queues.length; i++) {
      if (!this.atEnd(i)) return false;
    }
    return true;
  }

  /** Records between the positions and the high watermarks, over every queue. */
  backlog(): number {
    let sum = 0;
    for (let i = 0; i < this.#queues.length; i++) {
      sum += Math.max(0, this.highWatermark(i) - this.position(i));
    }
    return sum;
  }

  /** Per queue, records between `committed` and the high watermark. */
  lagFrom(committed: readonly number[]): number[] {
    return this.#queues.map((_, i) =>
      Math.max(0, this.highWatermark(i) - committed[i])
    );
  }
}

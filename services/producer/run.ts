/**
 * The send loop, with Kafka and the clock passed in: takes records in chunks,
 * paces them to their simulated time when throttled, generates the next chunk
 * while the broker works on the last (sending strictly in order),
 * and stops on a limit, a deadline, a signal or repeated delivery failures.
 */
import { type Clock, systemClock } from "../../shared/clock.ts";
import type { ProducerRecord } from "./model/generate.ts";

export interface RunOptions {
  records: Iterator<ProducerRecord>;
  /** Sends one chunk; rejects when its delivery failed. */
  send(batch: ProducerRecord[]): Promise<void>;
  /** Called once a chunk is acknowledged, or failed with the cause. */
  onDelivered(batch: ProducerRecord[]): void;
  onFailed(batch: ProducerRecord[], error: unknown): void;
  /** Called as a chunk is handed to `send`. */
  onSent?(batch: ProducerRecord[]): void;
  /**
   * When set, a record is due `(simMs - startMs) / speed` ms after the run
   * starts; when absent the loop sends as fast as the broker acknowledges.
   */
  pace?: { startMs: number; speed: number };
  /** Stop after this many records. @default Infinity */
  limit?: number;
  /** Stop after this much wall time. @default Infinity */
  durationMs?: number;
  signal: AbortSignal;
  /** Paces the sends and measures the run. @default systemClock */
  clock?: Clock;
  /**
   * Records per chunk at most. Larger chunks mean fewer produce requests, and
   * with one request in flight (idempotence) that is what throughput needs;
   * past 8192 the encoding of one huge request stops paying off.
   * @default 8192
   */
  chunkSize?: number;
  /** Chunks sent and not yet acknowledged, at most. @default 2 */
  maxInFlight?: number;
  /** When paced, how long records wait to share a chunk. @default 50 */
  lingerMs?: number;
  /** Consecutive failed chunks after which the run gives up. @default 3 */
  maxConsecutiveFailures?: number;
  /**
   * Times a chunk whose delivery failed is sent again before it counts as
   * failed. The idempotent producer sends it with the same sequence numbers,
   * so records the broker wrote before the failure (a lost acknowledgement,
   * a broker restart) are not written twice, and a failure counts only
   * records that were never written. @default 2
   */
  resends?: number;
  /** Called before a failed chunk is sent again. */
  onResend?(batch: ProducerRecord[], error: unknown, attempt: number): void;
}

export interface RunResult {
  /** Wall time from the first send to the last acknowledgement. */
  elapsedMs: number;
  /** Set when the run stopped because delivery kept failing. */
  fatal?: unknown;
}

export async function runProducer(options: RunOptions): Promise<RunResult> {
  const {
    records,
    send,
    pace,
    limit = Infinity,
    durationMs = Infinity,
    signal,
    clock = systemClock,
    chunkSize = 8192,
    maxInFlight = 2,
    lingerMs = 50,
    maxConsecutiveFailures = 3,
    resends = 2,
  } = options;
  const now = () => clock.now();
  const start = now();
  const inFlight = new Set<Promise<void>>();
  let taken = 0;
  let failures = 0;
  let fatal: unknown;
  let lookahead: ProducerRecord | undefined;

  const dueAt = (record: ProducerRecord) =>
    pace ? (record.simMs - pace.startMs) / pace.speed : 0;
  const take = (): ProducerRecord | undefined => {
    if (lookahead) {
      const record = lookahead;
      lookahead = undefined;
      return record;
    }
    if (taken >= limit) return undefined;
    const next = records.next();
    if (next.done) return undefined;
    taken++;
    return next.value;
  };

  // Chunks are handed to Kafka one after another: two concurrent sendBatch
  // calls may reach a partition out of order, which makes the processor see
  // minutes-old events as late. "In flight" thus means generated while the
  // previous chunk is still being acknowledged.
  let previous: Promise<void> = Promise.resolve();
  async function deliver(batch: ProducerRecord[]) {
    for (let attempt = 1;; attempt++) {
      try {
        return await send(batch);
      } catch (error) {
        if (attempt > resends || signal.aborted) throw error;
        options.onResend?.(batch, error, attempt);
      }
    }
  }
  function dispatch(batch: ProducerRecord[]) {
    options.onSent?.(batch);
    const sending = previous.then(() => deliver(batch)).then(
      () => {
        failures = 0;
        options.onDelivered(batch);
      },
      (error) => {
        options.onFailed(batch, error);
        if (++failures >= maxConsecutiveFailures) fatal ??= error;
      },
    ).finally(() => inFlight.delete(sending));
    previous = sending;
    inFlight.add(sending);
  }

  let exhausted = false;
  while (!signal.aborted && fatal === undefined && !exhausted) {
    const elapsed = now() - start;
    if (elapsed >= durationMs) break;
    const horizon = pace ? elapsed : Infinity;
    const batch: ProducerRecord[] = [];
    while (batch.length < chunkSize) {
      const record = take();
      if (!record) {
        exhausted = true;
        break;
      }
      if (dueAt(record) > horizon) {
        lookahead = record;
        break;
      }
      batch.push(record);
    }
    if (batch.length > 0) dispatch(batch);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (pace && lookahead && !signal.aborted) {
      const wait = Math.min(
        dueAt(lookahead) - (now() - start),
        durationMs - (now() - start),
      );
      await clock.sleep(Math.max(lingerMs, wait), signal);
    } else if (pace && batch.length === 0) {
      await clock.sleep(lingerMs, signal);
    }
  }
  await Promise.all(inFlight);
  return { elapsedMs: now() - start, fatal };
}

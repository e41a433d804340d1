/** Sends the producer's health records every few seconds and once at shutdown. */
import { type Clock, systemClock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/log.ts";
import type { HealthTracker, ProducerHealthRecord } from "./health.ts";

export interface HealthReporterOptions {
  tracker: HealthTracker;
  /** Delivers the records to the metrics topic. */
  send(records: ProducerHealthRecord[]): Promise<void>;
  logger: Logger;
  /** @default 5000 */
  intervalMs?: number;
  /** Stamps the records and runs the interval. @default systemClock */
  clock?: Clock;
}

export interface HealthReporter {
  /** Stops the timer and sends the last records; safe to call twice. */
  stop(): Promise<void>;
}

export function startHealthReporter(
  options: HealthReporterOptions,
): HealthReporter {
  const {
    tracker,
    send,
    logger,
    intervalMs = 5_000,
    clock = systemClock,
  } = options;
  let sending: Promise<void> = Promise.resolve();
  let stopped: Promise<void> | undefined;

  const emit = () => {
    const records = tracker.due(clock.now());
    // Chained so that records of one key never overtake each other.
    sending = sending.then(() => send(records)).catch((error) => {
      logger.warn("Cannot send producer health", { error });
    });
    return sending;
  };
  const cancel = clock.every(intervalMs, function emitHealth() {
    emit();
  });

  return {
    stop() {
      stopped ??= (() => {
        cancel();
        return emit();
      })();
      return stopped;
    },
  };
}

/** Sends the producer's health records every few seconds and once at shutdown. */
import type { Logger } from "../../shared/log.ts";
import type { HealthTracker, ProducerHealthRecord } from "./health.ts";

export interface HealthReporterOptions {
  tracker: HealthTracker;
  /** Delivers the records to the metrics topic. */
  send(records: ProducerHealthRecord[]): Promise<void>;
  logger: Logger;
  /** @default 5000 */
  intervalMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface HealthReporter {
  /** Stops the timer and sends the last records; safe to call twice. */
  stop(): Promise<void>;
}

export function startHealthReporter(
  options: HealthReporterOptions,
): HealthReporter {
  const { tracker, send, logger, intervalMs = 5_000, now = Date.now } = options;
  let sending: Promise<void> = Promise.resolve();
  let stopped: Promise<void> | undefined;

  const emit = () => {
    const records = tracker.due(now());
    // Chained so that records of one key never overtake each other.
    sending = sending.then(() => send(records)).catch((error) => {
      logger.warn("Cannot send producer health", { error });
    });
    return sending;
  };
  const timer = setInterval(function emitHealth() {
    emit();
  }, intervalMs);

  return {
    stop() {
      stopped ??= (() => {
        clearInterval(timer);
        return emit();
      })();
      return stopped;
    },
  };
}

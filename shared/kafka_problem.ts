/**
 * Kafka failures in words a newcomer can act on: "no broker answers at
 * 127.0.0.1:9092 (start one with deno task kafka)" instead of KafkaJS's
 * retry-by-retry connection errors.
 */

/** KafkaJS's log lines while nothing answers at an address, one per retry. */
export const NO_BROKER_LOG =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN|Connection timeout|Failed to connect to seed broker/i;

/** Socket errors that mean nothing listens at the address (or it does not resolve). */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ETIMEDOUT",
]);

function unreachable(error: unknown): boolean {
  // KafkaJS wraps the socket's KafkaJSConnectionError in its retry errors.
  for (let e = error; e instanceof Error;) {
    const { code, originalError } = e as {
      code?: string;
      originalError?: unknown;
    };
    if (
      e.name === "KafkaJSConnectionError" &&
      (UNREACHABLE.has(code ?? "") || e.message === "Connection timeout")
    ) return true;
    e = e.cause ?? originalError;
  }
  return false;
}

/**
 * Says why a Kafka call failed in words a newcomer can act on: when no broker
 * answered, the address and `deno task kafka`; otherwise the error's message.
 * Services log it as their one line instead of KafkaJS's retry-by-retry ERRORs.
 *
 * @example
 * ```ts
 * logger.error(`Cannot start producing: ${kafkaProblem(error, brokers)}`);
 * // ... Cannot start producing: no broker answers at 127.0.0.1:9092 (start one with deno task kafka)
 * ```
 */
export function kafkaProblem(error: unknown, brokers: readonly string[]) {
  const where = brokers.join(",");
  if (unreachable(error)) {
    return `no broker answers at ${where} (start one with deno task kafka)`;
  }
  return `${error instanceof Error ? error.message : error} (at ${where})`;
}

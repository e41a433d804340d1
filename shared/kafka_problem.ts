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

/** A setting that cannot work (a CA file that cannot be read): retrying will not help. */
export class KafkaSetupError extends Error {
  override name = "KafkaSetupError";
}

function messages(error: unknown): string {
  const parts: string[] = [];
  for (let e = error; e instanceof Error && parts.length < 8;) {
    const { code, originalError } = e as {
      code?: string;
      originalError?: unknown;
    };
    parts.push(`${e.name} ${code ?? ""} ${e.message}`);
    e = e.cause ?? originalError;
  }
  return parts.join(" | ");
}

const UNTRUSTED =
  /certificate|UnknownIssuer|self[- ]signed|unable to verify|CERT_|NotValidForName/i;
const NOT_TLS =
  /secure TLS connection|corrupt message|close_notify|InvalidContentType|wrong version number|handshake|tls/i;

/**
 * The one line for a failure that retrying cannot fix (a wrong password, an
 * untrusted certificate, TLS against a plaintext port, an unreadable CA file),
 * or undefined for any other failure. Services print it and exit 2. It never
 * contains the password.
 */
export function setupProblem(
  error: unknown,
  brokers: readonly string[],
): string | undefined {
  const where = brokers.join(",");
  const text = messages(error);
  if (error instanceof KafkaSetupError) return error.message;
  if (/SASL|authentication failed|Authentication/i.test(text)) {
    return `Authentication failed at ${where}: the broker refused KAFKA_SASL_USERNAME with this KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM`;
  }
  if (UNTRUSTED.test(text)) {
    return `TLS failed at ${where}: the broker's certificate is not trusted (set KAFKA_SSL_CA_FILE to the CA that signed it)`;
  }
  if (NOT_TLS.test(text)) {
    return `TLS failed at ${where}: no TLS handshake (is this a plaintext port? KAFKA_SSL=true needs a TLS listener)`;
  }
  return undefined;
}

/** The Kafka error code name (`NOT_ENOUGH_REPLICAS`) under KafkaJS's retry wrappers, if any. */
function protocolType(error: unknown): string | undefined {
  for (let e = error; e instanceof Error;) {
    const { type, originalError } = e as {
      type?: string;
      originalError?: unknown;
    };
    if (typeof type === "string") return type;
    e = e.cause ?? originalError;
  }
  return undefined;
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
  const setup = setupProblem(error, brokers);
  if (setup) return setup;
  const type = protocolType(error);
  if (
    type === "NOT_ENOUGH_REPLICAS" ||
    type === "NOT_ENOUGH_REPLICAS_AFTER_APPEND"
  ) {
    // The write was refused, not lost: too few copies are in sync for acks=all.
    return `not enough in-sync replicas to accept the write (fewer brokers in sync than min.insync.replicas; are brokers down?) (at ${where})`;
  }
  return `${error instanceof Error ? error.message : error} (at ${where})`;
}

/**
 * A service's exit status for a Kafka failure: 2 when the configuration
 * cannot work ({@linkcode setupProblem}), as for a bad variable; else 1.
 */
export function kafkaExitCode(error: unknown): 1 | 2 {
  return setupProblem(error, []) === undefined ? 1 : 2;
}

/** KafkaJS's log lines for a {@linkcode setupProblem}: the service says it once instead. */
export const SETUP_PROBLEM_LOG =
  /authentication failed|certificate|secure TLS connection/i;

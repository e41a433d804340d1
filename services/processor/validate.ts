/**
 * Turns a raw record into a store event or a dead-letter reason. Pure: never
 * throws, so a poison message can never stop a partition.
 */
import {
  type EventType,
  isEventType,
  StoreEvent,
} from "../../shared/schemas/events.ts";

export type RejectReason =
  | "oversized"
  | "empty"
  | "invalid_json"
  | "not_an_object"
  | "unknown_type"
  | "wrong_topic"
  | "schema"
  /** Far ahead of the task's event time, alone (see pump.ts). */
  | "timestamp_skew"
  /** Failed the task repeatedly at the same offset (see poison.ts). */
  | "processing_error";

export interface Accepted {
  ok: true;
  event: StoreEvent;
  /** The event's timestamp, ms since the epoch. */
  time: number;
}

export interface Rejected {
  ok: false;
  reason: RejectReason;
  /** Human-readable detail: zod's issue paths and messages for `schema`. */
  detail: string;
}

export type Classified = Accepted | Rejected;

const decoder = new TextDecoder();

function reject(reason: RejectReason, detail: string): Rejected {
  return { ok: false, reason, detail };
}

/**
 * Classifies the bytes of a record read from the topic of `expectedType`.
 * Checks cheap things first (size, JSON, discriminator) so that the zod parse
 * only runs on plausible events.
 */
export function classifyRecord(
  value: Uint8Array | null,
  expectedType: EventType,
  maxBytes: number,
): Classified {
  if (value === null || value.byteLength === 0) {
    return reject("empty", "record has no value");
  }
  if (value.byteLength > maxBytes) {
    return reject(
      "oversized",
      `${value.byteLength} bytes is over the limit of ${maxBytes}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(value));
  } catch (error) {
    return reject("invalid_json", (error as Error).message);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return reject("not_an_object", `expected a JSON object, got ${kind(json)}`);
  }
  const type = (json as { event_type?: unknown }).event_type;
  if (!isEventType(type)) {
    return reject(
      "unknown_type",
      `event_type: unknown ${JSON.stringify(type)}`,
    );
  }
  if (type !== expectedType) {
    return reject(
      "wrong_topic",
      `event_type: ${type} does not belong on the ${expectedType} topic`,
    );
  }
  const parsed = StoreEvent.safeParse(json);
  if (!parsed.success) {
    return reject(
      "schema",
      parsed.error.issues.map((issue) =>
        `${issue.path.join(".") || "(root)"}: ${issue.message}`
      ).join("; "),
    );
  }
  return {
    ok: true,
    event: parsed.data,
    time: Date.parse(parsed.data.timestamp),
  };
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * Damaged records for the dead-letter path: each kind breaks a valid event in
 * one way the processor must catch.
 */
import type { Random } from "../../../shared/random.ts";
import type { EventType, StoreEvent } from "../../../shared/schemas/events.ts";
import { EVENT_TYPES } from "../../../shared/schemas/events.ts";

export const BAD_KINDS = [
  "malformed_json",
  "missing_field",
  "wrong_type",
  "negative_price",
  "unknown_event_type",
  "oversized",
] as const;
export type BadKind = typeof BAD_KINDS[number];

/** Event types the store does not know. */
export const UNKNOWN_EVENT_TYPES = [
  "game_reviewed",
  "refund_requested",
  "achievement_unlocked",
] as const;

/** Brokers reject records over 1 MB by default; oversized ones stay far below. */
const BROKER_SAFE_BYTES = 512 * 1024;

export interface BadRecord {
  /** Which store topic it goes to. */
  topic: EventType;
  /** The `event_type` header it claims. */
  eventType: string;
  key: string;
  value: string;
  bad: BadKind;
}

/** The event type a kind needs its sample to be, if any. */
export function sampleTypeFor(kind: BadKind, random: Random): EventType {
  if (kind === "negative_price") {
    return random.chance(0.5) ? "cart_action" : "purchase";
  }
  return random.pick(EVENT_TYPES);
}

function wrongTyped(value: unknown): unknown {
  if (typeof value === "string") return 42;
  if (typeof value === "number") return String(value);
  return "n/a";
}

/**
 * Breaks `sample` according to `kind`. Oversized records carry padding so
 * their JSON exceeds `maxEventBytes` by at least 1 KiB yet stays under 512 KiB.
 */
export function breakEvent(
  kind: BadKind,
  sample: StoreEvent,
  random: Random,
  maxEventBytes: number,
): BadRecord {
  const record = { topic: sample.event_type, eventType: sample.event_type };
  const key = sample.user_id;
  const fields = sample as unknown as Record<string, unknown>;
  switch (kind) {
    case "malformed_json": {
      const json = JSON.stringify(sample);
      const cut = random.int(Math.floor(json.length / 3), json.length - 2);
      return { ...record, key, value: json.slice(0, cut), bad: kind };
    }
    case "missing_field": {
      const names = Object.keys(sample).filter((k) =>
        k !== "user_id" && k !== "event_type"
      );
      const { [random.pick(names)]: _gone, ...rest } = fields;
      return { ...record, key, value: JSON.stringify(rest), bad: kind };
    }
    case "wrong_type": {
      const names = Object.keys(sample).filter((k) => k !== "event_type");
      const name = random.pick(names);
      const value = JSON.stringify({
        ...fields,
        [name]: wrongTyped(fields[name]),
      });
      return { ...record, key, value, bad: kind };
    }
    case "negative_price": {
      const broken = sample.event_type === "purchase"
        ? {
          ...sample,
          items: sample.items.map((item, i) =>
            i === 0 ? { ...item, price: -item.price } : item
          ),
        }
        : { ...sample, price: -(fields.price as number) || -1 };
      return { ...record, key, value: JSON.stringify(broken), bad: kind };
    }
    case "unknown_event_type": {
      const eventType = random.pick(UNKNOWN_EVENT_TYPES);
      return {
        topic: random.pick(EVENT_TYPES),
        eventType,
        key,
        value: JSON.stringify({ ...sample, event_type: eventType }),
        bad: kind,
      };
    }
    case "oversized": {
      const target = Math.min(
        maxEventBytes + 1024 + random.int(0, 4096),
        BROKER_SAFE_BYTES,
      );
      const base = JSON.stringify({ ...sample, debug_trace: "" });
      const padding = "x".repeat(Math.max(0, target - base.length));
      const value = JSON.stringify({ ...sample, debug_trace: padding });
      return { ...record, key, value, bad: kind };
    }
  }
}

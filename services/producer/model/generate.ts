/**
 * The producer's pure entry points: `generateEvents` yields the store's valid
 * events; `generateRecords` yields what goes on the wire (key, JSON value,
 * headers' event type), mixing in bad records and validating every good one.
 * Neither touches Kafka or the wall clock, so tests and benchmarks reuse them.
 */
import { createRandom } from "../../../shared/random.ts";
import { type EventType, StoreEvent } from "../../../shared/schemas/events.ts";
import {
  BAD_KINDS,
  type BadKind,
  breakEvent,
  sampleTypeFor,
} from "./bad_events.ts";
import { createDelayLine } from "./late.ts";
import { scenarioBadRatio } from "./scenario.ts";
import {
  createSimulation,
  DEFAULT_START_MS,
  type SimulationOptions,
} from "./simulation.ts";

export interface GenerateOptions extends SimulationOptions {
  /** How many to yield. @default Infinity */
  count?: number;
}

/**
 * Yields the store's valid events in simulated-time order.
 *
 * @example
 * ```ts
 * for (const event of generateEvents({ seed: 7, count: 1000 })) console.log(event.event_type);
 * ```
 */
export function* generateEvents(
  options: GenerateOptions = {},
): Generator<StoreEvent> {
  const { count = Infinity } = options;
  const simulation = createSimulation(options);
  for (let i = 0; i < count; i++) yield simulation.next();
}

export interface RecordOptions extends GenerateOptions {
  /** Share of records that are deliberately bad, in [0, 1]. @default 0 */
  badRatio?: number;
  /** The processor's size limit, which oversized records exceed. @default 16384 */
  maxEventBytes?: number;
}

export interface ProducerRecord {
  /** The store topic (by event type) the record goes to. */
  topic: EventType;
  /** The `event_type` header. */
  eventType: string;
  /** `user_id`. */
  key: string;
  /** The JSON value. */
  value: string;
  /** Simulated time of the record, epoch ms: paces sending when throttled. */
  simMs: number;
  /** The event, for valid records. */
  event?: StoreEvent;
  /** What is wrong with it, for bad records. */
  bad?: BadKind;
  /** Held back by the `late` scenario: simulated ms between the event and its sending. */
  delayedMs?: number;
}

/**
 * Yields `count` records (valid and bad together). Bad records draw from their
 * own generator and take no simulated time, so the valid records are the same
 * sequence as `generateEvents` with the same options, whatever the bad ratio.
 * The `late` scenario holds some valid records back (its own generator too)
 * and yields them when they fall due, with `simMs` of their sending; those
 * still held when `count` is reached are never yielded.
 * Throws if the model ever builds an event the schema rejects.
 */
export function* generateRecords(
  options: RecordOptions = {},
): Generator<ProducerRecord> {
  const {
    count = Infinity,
    badRatio = 0,
    maxEventBytes = 16_384,
    seed = 1,
    scenario = "none",
    startMs = DEFAULT_START_MS,
  } = options;
  const simulation = createSimulation(options);
  const badRandom = createRandom((seed ^ 0x0bad5eed) >>> 0);
  const delay = scenario === "late"
    ? createDelayLine<ProducerRecord>(createRandom((seed ^ 0x1a7e5eed) >>> 0))
    : null;
  /** The next record to send, or null when the next event was held back. */
  function next(): ProducerRecord | null {
    const held = delay?.release(simulation.simMs);
    if (held) {
      return {
        ...held.item,
        simMs: simulation.simMs,
        delayedMs: simulation.simMs - held.happenedMs,
      };
    }
    const since = simulation.simMs - startMs;
    const ratio = Math.max(badRatio, scenarioBadRatio(scenario, since));
    if (ratio > 0 && badRandom.chance(ratio)) {
      const kind = badRandom.pick(BAD_KINDS);
      const sample = simulation.sample(
        badRandom,
        sampleTypeFor(kind, badRandom),
      );
      return {
        ...breakEvent(kind, sample, badRandom, maxEventBytes),
        simMs: simulation.simMs,
      };
    }
    const event = simulation.next();
    const checked = StoreEvent.safeParse(event);
    if (!checked.success) {
      throw new Error(
        `Cannot produce an invalid event: ${
          checked.error.issues[0].message
        } in ${JSON.stringify(event)}`,
      );
    }
    const record: ProducerRecord = {
      topic: event.event_type,
      eventType: event.event_type,
      key: event.user_id,
      value: JSON.stringify(event),
      simMs: simulation.simMs,
      event,
    };
    return delay?.offer(record, simulation.simMs) ? null : record;
  }
  for (let yielded = 0; yielded < count;) {
    const record = next();
    if (record) {
      yielded++;
      yield record;
    }
  }
}

/**
 * Which key a record goes out with. `user_id` is what the store uses: it puts
 * every event of a user in one partition number of every store topic. `random`
 * (lab 1) gives each record a key of its own, so a user's events scatter over
 * the partitions and Kafka no longer keeps them in order. Pure.
 */
import { createRandom } from "../../../shared/random.ts";
import type { ProducerRecord } from "./generate.ts";

export const KEY_MODES = ["user_id", "random"] as const;
export type KeyMode = typeof KEY_MODES[number];

/**
 * The records with their keys per `mode`; random keys are drawn from `seed`,
 * so a run repeats. `user_id` hands the records on as they are: no extra
 * step on the producer's hot path.
 */
export function keyedRecords(
  records: Iterable<ProducerRecord>,
  mode: KeyMode,
  seed: number,
): Iterable<ProducerRecord> {
  return mode === "user_id" ? records : randomlyKeyed(records, seed);
}

function* randomlyKeyed(
  records: Iterable<ProducerRecord>,
  seed: number,
): Generator<ProducerRecord> {
  // Its own generator: the events stay those of the same seed without --key.
  const random = createRandom(seed ^ 0x6b657973);
  for (const record of records) yield { ...record, key: random.uuid() };
}

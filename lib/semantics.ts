/** Which delivery semantics the processor runs under, as the metric records say, and what each means. */
import type { DeliverySemantics } from "../shared/schemas/names.ts";
import type { MetricWindow } from "./types.ts";

/** What each semantics promises when a processor crashes, for the badge's tooltip. */
export const SEMANTICS_MEANING: Record<DeliverySemantics, string> = {
  "exactly-once":
    "Outputs, state and input offsets are committed in one Kafka transaction: after a crash nothing is counted twice and nothing is lost.",
  "at-least-once":
    "Outputs are written before the input offsets are committed: a crash in between makes the restart read those records again and count them twice.",
  "at-most-once":
    "Input offsets are committed before the outputs are written: a crash in between makes the restart skip those records, so they are lost.",
};

/**
 * The semantics of the newest processor metric window (by `emitted_at`),
 * or null when no window says (no processor yet, or one from before the
 * field). Producer windows are left out: the producer has no semantics.
 */
export function latestSemantics(
  windows: Iterable<MetricWindow>,
): DeliverySemantics | null {
  let newest: MetricWindow | undefined;
  for (const w of windows) {
    if (w.metric === "producer_health" || !w.semantics) continue;
    if (!newest || w.emitted_at > newest.emitted_at) newest = w;
  }
  return newest?.semantics ?? null;
}

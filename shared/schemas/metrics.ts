/**
 * The records on `analytics.metrics`: the contract between the processor
 * (which writes them) and the dashboard and `verify` (which read them).
 *
 * Key: `<metric>|<window_start>|<partition>`. The whole value of a metric for a
 * window is the sum over partitions of the latest record per key.
 */
import { z } from "zod";
import { DELIVERY_SEMANTICS } from "./names.ts";

const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);

export const RevenueData = z.object({
  /** Sum of purchase totals, rounded to cents. */
  revenue: z.number().nonnegative(),
  orders: count,
  currency: z.string(),
});
export type RevenueData = z.infer<typeof RevenueData>;

export const EventsPerMinuteData = z.object({
  game_page_viewed: count,
  wishlist_action: count,
  cart_action: count,
  purchase: count,
  search_performed: count,
  total: count,
});
export type EventsPerMinuteData = z.infer<typeof EventsPerMinuteData>;

/**
 * Sessions that first reached each step in this window. A session is
 * credited to a step once, in the window of its earliest event of that step
 * (a game page view, a wishlist add, a cart add, a purchase), so a sum over
 * any range of windows and partitions counts each session at most once per
 * step. The dashboard shows each step as a share of viewing sessions.
 */
export const ConversionFunnelData = z.object({
  viewed: count,
  wishlisted: count,
  carted: count,
  purchased: count,
});
export type ConversionFunnelData = z.infer<typeof ConversionFunnelData>;

export { DELIVERY_SEMANTICS, FUNNEL_STEPS } from "./names.ts";
export type { DeliverySemantics } from "./names.ts";

export const GameCounts = z.object({
  title: z.string(),
  views: count,
  purchases: count,
});
export type GameCounts = z.infer<typeof GameCounts>;

/** Full per-game counts (not a top N) so that partitions merge exactly. */
export const TrendingGamesData = z.object({
  games: z.record(z.string(), GameCounts),
});
export type TrendingGamesData = z.infer<typeof TrendingGamesData>;

export const CartAbandonmentData = z.object({
  /**
   * Sessions with a cart that ended in this window: a session ends in the
   * window holding its last event plus the session gap.
   */
  carts: count,
  /** Of those, the ones that ended without a purchase. */
  abandoned: count,
});
export type CartAbandonmentData = z.infer<typeof CartAbandonmentData>;

export const SearchEffectivenessData = z.object({
  searches: count,
  zero_result: count,
  /** Searches followed in the same session by a view of one of their results. */
  clicked: count,
  /** Searches followed in the same session by a purchase of one of their results. */
  converted: count,
  /** Full counts per normalised query, so partitions merge exactly. */
  queries: counts,
  zero_result_queries: counts,
});
export type SearchEffectivenessData = z.infer<typeof SearchEffectivenessData>;

/**
 * The processor's own health for one task (partition index), over a
 * processing-time minute, re-emitted every 5 s while the minute is current.
 */
export const PipelineHealthData = z.object({
  instance_id: z.string(),
  /** Records read per source topic in this minute, for this partition index. */
  records_in: counts,
  /** Records written per destination topic in this minute. */
  records_out: counts,
  dead_letters: count,
  late_events: count,
  /** Failures while handling records (not counting dead-lettered input). */
  errors: count,
  /** Consumer lag per source topic for this partition index, at emission. */
  lag: counts,
  /** Average handling time of a batch in this minute, milliseconds. */
  processing_ms: z.number().nonnegative(),
  /** Session entries dropped by the state caps since the task started. */
  state_dropped: count.optional(),
  /**
   * The task's watermark at emission: the highest event time it applied
   * (null before the first event). Compared with `emitted_at` it shows how
   * far event time runs ahead of (or behind) the wall clock.
   */
  watermark: z.iso.datetime({ offset: false }).nullable().optional(),
  /** How far behind the watermark a window still takes events. */
  lateness_ms: count.optional(),
  /** Event time without events after which a session ends. */
  session_gap_ms: count.optional(),
  /** Sessions not yet ended with something in their cart, at emission. */
  open_carts: count.optional(),
  /** What those carts hold, rounded to cents. */
  open_cart_value: z.number().nonnegative().optional(),
});
export type PipelineHealthData = z.infer<typeof PipelineHealthData>;

/**
 * The producer's delivery health over a processing-time minute; its `partition`
 * is always 0 and its key ends in the producer's instance id instead.
 */
export const ProducerHealthData = z.object({
  instance_id: z.string(),
  sent: count,
  failed: count,
  bad_events: count,
  /**
   * The producer's simulated clock at emission (the time of its latest
   * event) and how fast it runs (`--speed`): what explains event time
   * running ahead of the wall clock.
   */
  sim_time: z.iso.datetime({ offset: false }).optional(),
  speed: z.number().positive().optional(),
});
export type ProducerHealthData = z.infer<typeof ProducerHealthData>;

const envelope = {
  window_start: z.iso.datetime({ offset: false }),
  window_end: z.iso.datetime({ offset: false }),
  /** The input partition index the record covers. */
  partition: z.number().int().nonnegative(),
  /** True once the window has closed; the record will not change again. */
  final: z.boolean(),
  emitted_at: z.iso.datetime({ offset: false }),
  /** The delivery semantics the processor ran under (names.ts); absent from older records. */
  semantics: z.enum(DELIVERY_SEMANTICS).optional(),
};

export const MetricRecord = z.discriminatedUnion("metric", [
  z.object({
    ...envelope,
    metric: z.literal("revenue_per_minute"),
    data: RevenueData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("events_per_minute"),
    data: EventsPerMinuteData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("conversion_funnel"),
    data: ConversionFunnelData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("trending_games"),
    data: TrendingGamesData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("cart_abandonment"),
    data: CartAbandonmentData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("search_effectiveness"),
    data: SearchEffectivenessData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("pipeline_health"),
    data: PipelineHealthData,
  }),
  z.object({
    ...envelope,
    metric: z.literal("producer_health"),
    data: ProducerHealthData,
  }),
]);
export type MetricRecord = z.infer<typeof MetricRecord>;
export type MetricName = MetricRecord["metric"];
export type MetricData<M extends MetricName> = Extract<
  MetricRecord,
  { metric: M }
>["data"];

/** The event-time metrics, each computed per one-minute window and partition. */
export const WINDOWED_METRICS = [
  "revenue_per_minute",
  "events_per_minute",
  "conversion_funnel",
  "trending_games",
  "cart_abandonment",
  "search_effectiveness",
] as const satisfies readonly MetricName[];

/** The record key on `analytics.metrics`. */
export function metricKey(record: MetricRecord): string {
  const source = record.metric === "producer_health"
    ? record.data.instance_id
    : String(record.partition);
  return `${record.metric}|${record.window_start}|${source}`;
}

/**
 * Metric records for dashboard tests, shaped like the processor's output,
 * and a helper that produces them to a test topic.
 */
import type { Kafka } from "kafkajs";
import { createProducer } from "../../shared/kafka.ts";
import { CATALOG } from "../../shared/catalog.ts";
import { metricKey, type MetricRecord } from "../../shared/schemas/metrics.ts";

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

export interface SampleOptions {
  /** Start of the newest window. */
  endMs: number;
  minutes?: number;
  partitions?: number;
  /** Scales every count, so a later batch shows different figures. */
  scale?: number;
  /** A search query to include, e.g. one containing HTML. */
  query?: string;
  emittedAt?: number;
}

/** One record of every metric per window and partition, deterministic from the options. */
export function sampleRecords(options: SampleOptions): MetricRecord[] {
  const {
    endMs,
    minutes = 5,
    partitions = 3,
    scale = 1,
    query = "space sim",
  } = options;
  const out: MetricRecord[] = [];
  for (let m = minutes - 1; m >= 0; m--) {
    const start = endMs - m * MINUTE;
    for (let p = 0; p < partitions; p++) {
      const k = scale * (1 + ((m * 7 + p * 3) % 5));
      const env = {
        window_start: iso(start),
        window_end: iso(start + MINUTE),
        partition: p,
        final: m > 0,
        emitted_at: iso(
          options.emittedAt ?? Math.min(start + MINUTE, Date.now()),
        ),
      };
      const games: Record<
        string,
        { title: string; views: number; purchases: number }
      > = {};
      for (const [i, game] of CATALOG.slice(0, 12).entries()) {
        games[game.id] = {
          title: game.title,
          views: k * (12 - i),
          purchases: i % 3 === 0 ? k : 0,
        };
      }
      out.push(
        {
          ...env,
          metric: "revenue_per_minute",
          data: { revenue: 19.99 * k, orders: k, currency: "USD" },
        },
        {
          ...env,
          metric: "events_per_minute",
          data: {
            game_page_viewed: 40 * k,
            wishlist_action: 5 * k,
            cart_action: 8 * k,
            purchase: k,
            search_performed: 10 * k,
            total: 64 * k,
          },
        },
        {
          ...env,
          metric: "conversion_funnel",
          data: {
            viewed: 20 * k,
            wishlisted: 6 * k,
            carted: 4 * k,
            purchased: k,
          },
        },
        { ...env, metric: "trending_games", data: { games } },
        {
          ...env,
          metric: "cart_abandonment",
          data: { carts: 4 * k, abandoned: 3 * k },
        },
        {
          ...env,
          metric: "search_effectiveness",
          data: {
            searches: 10 * k,
            zero_result: k,
            clicked: 5 * k,
            converted: k,
            queries: { [query]: 3 * k, "racing": 2 * k },
            zero_result_queries: { [query]: k },
          },
        },
        {
          ...env,
          metric: "pipeline_health",
          data: {
            instance_id: "proc-a",
            records_in: { "store.game-views": 40 * k },
            records_out: { "analytics.metrics": 7 },
            dead_letters: 0,
            late_events: 0,
            errors: 0,
            lag: { "store.game-views": 10 * p },
            processing_ms: 3,
          },
        },
      );
    }
    out.push({
      window_start: iso(start),
      window_end: iso(start + MINUTE),
      partition: 0,
      final: m > 0,
      emitted_at: iso(Math.min(start + MINUTE, Date.now())),
      metric: "producer_health",
      data: {
        instance_id: "producer-1",
        sent: 100 * scale,
        failed: 0,
        bad_events: 1,
      },
    });
  }
  return out;
}

/** Produces records (and optional raw values) to the metrics topic, keyed as the contract says. */
export async function produceMetrics(
  kafka: Kafka,
  topic: string,
  records: MetricRecord[],
  raw: string[] = [],
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: [
        ...raw.map((value) => ({ key: "bogus", value })),
        ...records.map((r) => ({
          key: metricKey(r),
          value: JSON.stringify(r),
        })),
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

/** `GET /metrics`: the dashboard's and the pipeline's figures in Prometheus text format. */
import type { MetricsConsumerStats } from "./metrics_consumer.ts";
import type { SseHubStats } from "./sse_hub.ts";
import { ALERT_RULES, type MonitorState } from "../../lib/monitor_types.ts";
import { EVENT_TYPES } from "../../shared/schemas/events.ts";
import { pipelinePanel } from "../../lib/pipeline.ts";
import { seriesEnd, type WindowIndex } from "../../lib/windows.ts";

type Labels = Record<string, string | number>;

function escape(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(
    /"/g,
    '\\"',
  );
}

class Exposition {
  readonly lines: string[] = [];
  metric(
    name: string,
    type: "gauge" | "counter",
    help: string,
    samples: [Labels, number][],
  ) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const inner = Object.entries(labels).map(([k, v]) =>
        `${k}="${escape(String(v))}"`
      ).join(",");
      this.lines.push(`${name}${inner ? `{${inner}}` : ""} ${value}`);
    }
  }
}

export interface PrometheusInput {
  index: WindowIndex;
  hub: SseHubStats;
  consumer: MetricsConsumerStats;
  monitor: MonitorState;
  nowMs: number;
}

export function prometheusText(
  { index, hub, consumer, monitor, nowMs }: PrometheusInput,
): string {
  const e = new Exposition();
  e.metric("dashboard_sse_clients", "gauge", "Connected SSE clients.", [[
    {},
    hub.clients,
  ]]);
  e.metric(
    "dashboard_sse_connections_total",
    "counter",
    "SSE connections accepted.",
    [[{}, hub.connected]],
  );
  e.metric(
    "dashboard_sse_dropped_total",
    "counter",
    "SSE clients dropped for being too slow.",
    [[{}, hub.dropped]],
  );
  e.metric(
    "dashboard_sse_updates_total",
    "counter",
    "Update events published.",
    [[{}, hub.updates]],
  );
  e.metric(
    "dashboard_metric_records_total",
    "counter",
    "Valid metric records consumed.",
    [[{}, consumer.records]],
  );
  e.metric(
    "dashboard_invalid_records_total",
    "counter",
    "Invalid metric records skipped.",
    [[{}, consumer.invalid]],
  );
  e.metric(
    "dashboard_consumer_up",
    "gauge",
    "1 when the metrics consumer is running.",
    [[{}, consumer.running ? 1 : 0]],
  );

  const end = seriesEnd(index, nowMs);
  const at = <W extends { window_start: string }>(list: W[] | undefined) =>
    list?.find((w) => Date.parse(w.window_start) === end);
  const revenue = at(index.revenue_per_minute);
  if (revenue) {
    e.metric(
      "store_revenue_last_minute",
      "gauge",
      "Revenue in the newest minute window (still filling up).",
      [[{ currency: revenue.value.currency }, revenue.value.revenue]],
    );
    e.metric(
      "store_orders_last_minute",
      "gauge",
      "Orders in the newest minute window (still filling up).",
      [[{}, revenue.value.orders]],
    );
  }
  const events = at(index.events_per_minute);
  if (events) {
    e.metric(
      "store_events_last_minute",
      "gauge",
      "Events in the newest minute window, by type.",
      EVENT_TYPES.map((type) => [{ type }, events.value[type]]),
    );
  }
  const pipeline = pipelinePanel(index, nowMs);
  if (pipeline.eventsPerSecond !== null) {
    e.metric(
      "pipeline_records_in_per_second",
      "gauge",
      "Records the processor reads per second.",
      [[{}, pipeline.eventsPerSecond]],
    );
  }
  groupMetrics(e, monitor);
  e.metric(
    "pipeline_dead_letters_last_hour",
    "gauge",
    "Events dead-lettered in the last hour.",
    [[{}, pipeline.deadLettersHour]],
  );
  e.metric(
    "pipeline_late_events_last_hour",
    "gauge",
    "Late events in the last hour.",
    [[{}, pipeline.lateEventsHour]],
  );
  if (pipeline.errorRate !== null) {
    e.metric(
      "pipeline_error_rate_5m",
      "gauge",
      "Processing errors over records read, last 5 minutes.",
      [[{}, pipeline.errorRate]],
    );
  }
  if (pipeline.producer) {
    e.metric(
      "producer_failed_last_minute",
      "gauge",
      "Producer delivery failures in the newest minute.",
      [[{}, pipeline.producer.failed]],
    );
  }
  const active = new Set(monitor.alerts.map((a) => a.rule));
  e.metric(
    "pipeline_alert",
    "gauge",
    "1 while the alert rule holds, else 0 (evaluated on the dashboard).",
    ALERT_RULES.map((rule) => [{ rule }, active.has(rule) ? 1 : 0]),
  );
  return e.lines.join("\n") + "\n";
}

/** The processor group as the broker reports it: lag, stalls, owners, members, rates. */
function groupMetrics(e: Exposition, { group }: MonitorState) {
  if (!group) return;
  const part = (p: { topic: string; partition: number }) => ({
    topic: p.topic,
    partition: p.partition,
  });
  e.metric(
    "pipeline_consumer_lag",
    "gauge",
    "Processor group lag per topic and partition, from the broker (high watermark minus committed offset).",
    group.lag.map((p) => [part(p), p.lag]),
  );
  e.metric(
    "pipeline_partition_stalled",
    "gauge",
    "1 while the partition has lag and no committed progress for the stall window.",
    group.lag.map((p) => [part(p), p.stalled ? 1 : 0]),
  );
  e.metric(
    "pipeline_partition_unowned",
    "gauge",
    "1 while no member of the stable group owns the partition.",
    group.lag.map((p) => [part(p), p.unowned ? 1 : 0]),
  );
  e.metric(
    "pipeline_group_members",
    "gauge",
    "Members of the processor group, from the broker.",
    [[{}, group.members.length]],
  );
  if (group.consumed_per_s !== null) {
    e.metric(
      "pipeline_consumed_per_second",
      "gauge",
      "Records per second the group committed, from the broker.",
      [[{}, group.consumed_per_s]],
    );
  }
}

/**
 * Lab 9's probes: the dashboard's `/metrics` and the Prometheus scraping it,
 * the ones the lab started (their addresses are in the run's memory) or,
 * when the learner runs them, at their usual addresses.
 */
import type { Probe } from "./model.ts";
import { type MetricsView, scrapeMetrics } from "./metrics_scrape.ts";
import { prometheusAlerts, queryPrometheus } from "./prometheus.ts";

export const JOB = 'job="pipeline-dashboard"';

/** Where the lab's own Prometheus is, or why it has none. */
export type PrometheusPlace = { url: string } | { skipped: string };

export type PrometheusView =
  | { state: "skipped"; reason: string }
  | { state: "unreachable"; url: string; error: string }
  | {
    state: "answered";
    url: string;
    /** `up` of the dashboard's target: 1 scraped, 0 down, null no such target yet. */
    up: number | null;
    members: number | null;
    /** Rules whose `pipeline_alert` is 1 in Prometheus. */
    holding: string[];
    /** Prometheus's own alerts from alerts.yml, with their state. */
    alerts: string[];
  };

/** Where `deno task dashboard` listens, as a URL a client can reach. */
function dashboardUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${
    reachable.includes(":") ? `[${reachable}]` : reachable
  }:${port}`;
}

export const metricsProbe: Probe = (clients, memory): Promise<MetricsView> => {
  const base = (memory.get("dashboard") as string | undefined) ??
    dashboardUrl(
      clients.config.DASHBOARD_HOST,
      clients.config.DASHBOARD_PORT,
    );
  return scrapeMetrics(`${base}/metrics`);
};

/** Docs' Prometheus without Docker (9091), then compose's (9090). */
const USUAL = ["http://127.0.0.1:9091", "http://127.0.0.1:9090"];

export const prometheusProbe: Probe = async (
  _clients,
  memory,
): Promise<PrometheusView> => {
  const place = memory.get("prometheus") as PrometheusPlace | undefined;
  if (place && "skipped" in place) {
    return { state: "skipped", reason: place.skipped };
  }
  const candidates = place ? [place.url] : USUAL;
  let error = "";
  for (const url of candidates) {
    try {
      const one = async (expr: string) => {
        const samples = await queryPrometheus(url, expr);
        return samples.length > 0 ? samples[0].value : null;
      };
      const [up, members, holding, alerts] = await Promise.all([
        one(`up{${JOB}}`),
        one(`pipeline_group_members{${JOB}}`),
        queryPrometheus(url, `pipeline_alert{${JOB}} == 1`),
        prometheusAlerts(url),
      ]);
      return {
        state: "answered",
        url,
        up,
        members,
        holding: holding.map((s) => s.metric.rule).sort(),
        alerts: alerts.map((a) => `${a.labels.alertname} (${a.state})`)
          .sort(),
      };
    } catch (e) {
      error = (e as Error).message;
    }
  }
  return { state: "unreachable", url: candidates.join(" or "), error };
};

/**
 * Lab 9's checks, pure over two snapshots: `/metrics` serves the broker's
 * figures, Prometheus scrapes them, a frozen processor raises a group alert
 * the broker's figures, `/metrics` and Prometheus all show, and it clears.
 */
import { ALERT_RULES } from "../../../lib/monitor_types.ts";
import type { MetricsView } from "../metrics_scrape.ts";
import type { PrometheusView } from "../monitoring_probes.ts";
import {
  type CheckResult,
  ok,
  type Snapshot,
  type StepView,
  waiting,
} from "../model.ts";

/** The rules a stopped processor raises from the broker's figures. */
export const GROUP_RULES: readonly string[] = [
  "no_members",
  "partition_stalled",
  "partitions_unowned",
];

const metricsOf = (s: Snapshot) => s.probes.metrics as MetricsView | undefined;
const prometheusOf = (s: Snapshot) =>
  s.probes.prometheus as PrometheusView | undefined;
const members = (s: Snapshot) => s.group?.members.length ?? 0;

/** Why `/metrics` cannot be judged: not read yet, or the read failed. */
function unread(metrics: MetricsView | undefined): CheckResult {
  return metrics
    ? waiting(
      `cannot read ${metrics.url}: ${metrics.error} (is deno task dashboard running?)`,
    )
    : waiting("/metrics not read yet");
}

/** Step 1: the page carries the group's figures and every rule, agreeing with the broker. */
export function metricsServed({ now }: StepView): CheckResult {
  const metrics = metricsOf(now);
  if (!metrics || metrics.error) return unread(metrics);
  if (metrics.members === null || metrics.lagSeries === 0) {
    return waiting(
      `${metrics.url} has no group figures yet: the dashboard reads them from the broker every DASHBOARD_POLL_MS`,
    );
  }
  if (members(now) === 0 || metrics.members === 0) {
    return waiting(
      `no processor in the group (the broker: ${
        members(now)
      } member(s), /metrics: ${metrics.members}): start deno task process`,
    );
  }
  const missing = ALERT_RULES.filter((r) => !(r in metrics.alerts));
  if (missing.length > 0) {
    return waiting(`/metrics has no pipeline_alert for ${missing.join(", ")}`);
  }
  const holding = Object.entries(metrics.alerts).filter(([, v]) => v === 1)
    .map(([rule]) => rule);
  return ok(
    `${metrics.url}: pipeline_group_members ${metrics.members} (the broker says ${
      members(now)
    }), pipeline_consumer_lag on ${metrics.lagSeries} partitions (total ${metrics.totalLag}), pipeline_alert for ${ALERT_RULES.length} rules, ${
      holding.length > 0 ? `${holding.join(", ")} holding` : "none holding"
    }`,
  );
}

/** Step 2: a Prometheus has the dashboard as a target that is up, and answers a query. */
export function prometheusAnswers({ now }: StepView): CheckResult {
  const prometheus = prometheusOf(now);
  if (!prometheus) return waiting("Prometheus not asked yet");
  switch (prometheus.state) {
    case "skipped":
      return ok(`skipped: ${prometheus.reason}`);
    case "unreachable":
      return waiting(
        `no Prometheus answers at ${prometheus.url}: ${prometheus.error} (start one as docs/labs/09-monitoring.md says)`,
      );
    case "answered": {
      const { url, up, members } = prometheus;
      if (up === null) {
        return waiting(
          `Prometheus at ${url} has no pipeline-dashboard target (yet): is it running our prometheus.yml?`,
        );
      }
      if (up === 0) {
        return waiting(
          `Prometheus at ${url} cannot scrape the dashboard: ${url}/targets says why`,
        );
      }
      if (members === null) {
        return waiting(
          `Prometheus at ${url} has no pipeline_group_members yet`,
        );
      }
      return ok(
        `Prometheus at ${url} scrapes the dashboard: up 1, pipeline_group_members ${members}`,
      );
    }
  }
}

/** Step 3: the broker's figures raise a group rule, and /metrics (and Prometheus) show it. */
export function alertRaised({ now }: StepView): CheckResult {
  const held = now.alerts.filter((a) => GROUP_RULES.includes(a.rule));
  if (held.length === 0) {
    return waiting(
      `no group alert from the broker's figures yet (${
        members(now)
      } member(s), lag ${
        now.group?.total_lag ?? 0
      }): a frozen member leaves once its session times out`,
    );
  }
  const metrics = metricsOf(now);
  if (!metrics || metrics.error) return unread(metrics);
  const shown = held.filter((a) => metrics.alerts[a.rule] === 1);
  if (shown.length === 0) {
    return waiting(
      `the broker's figures raise ${
        held.map((a) => a.rule).join(", ")
      }; /metrics does not show it yet (the dashboard polls every DASHBOARD_POLL_MS)`,
    );
  }
  const prometheus = prometheusOf(now);
  let inPrometheus = "";
  if (prometheus?.state === "answered") {
    const scraped = shown.filter((a) => prometheus.holding.includes(a.rule));
    if (scraped.length === 0) {
      return waiting(
        `/metrics shows pipeline_alert{rule="${
          shown[0].rule
        }"} 1; Prometheus has not scraped it yet`,
      );
    }
    inPrometheus = `; Prometheus: pipeline_alert{rule="${
      scraped[0].rule
    }"} 1, its alerts: ${prometheus.alerts.join(", ") || "none yet"}`;
  }
  const alert = shown[0];
  return ok(
    `${alert.rule}: ${alert.reason}; /metrics: pipeline_alert{rule="${alert.rule}"} 1${inPrometheus}`,
  );
}

/** Step 4: a member is back and no group rule holds, in the broker's figures, /metrics or Prometheus. */
export function alertsCleared({ start, now }: StepView): CheckResult {
  const still = now.alerts.filter((a) => GROUP_RULES.includes(a.rule));
  if (still.length > 0) {
    return waiting(`still holding: ${still.map((a) => a.reason).join("; ")}`);
  }
  if (members(now) === 0) return waiting("no member back in the group yet");
  const metrics = metricsOf(now);
  if (!metrics || metrics.error) return unread(metrics);
  const shown = GROUP_RULES.filter((r) => metrics.alerts[r] === 1);
  if (shown.length > 0) {
    return waiting(
      `/metrics still shows pipeline_alert{rule="${shown[0]}"} 1`,
    );
  }
  const prometheus = prometheusOf(now);
  const scraped = prometheus?.state === "answered"
    ? GROUP_RULES.filter((r) => prometheus.holding.includes(r))
    : [];
  if (scraped.length > 0) {
    return waiting(
      `Prometheus still has pipeline_alert{rule="${scraped[0]}"} 1`,
    );
  }
  const before = start.alerts.filter((a) => GROUP_RULES.includes(a.rule))
    .map((a) => a.rule);
  return ok(
    `${before.length > 0 ? before.join(", ") : "the group alerts"} cleared: ${
      members(now)
    } member(s) in the group, pipeline_alert 0 on /metrics${
      prometheus?.state === "answered" ? " and in Prometheus" : ""
    }`,
  );
}

function deadLetterEnd(snapshot: Snapshot): number {
  return Object.entries(snapshot.ends).find(([topic]) =>
    topic.endsWith("store.dead-letter")
  )?.[1] ?? 0;
}

/** Step 5: bad records reach the dead-letter topic, and /metrics counts them. */
export function deadLettersCounted({ start, now }: StepView): CheckResult {
  const grew = deadLetterEnd(now) - deadLetterEnd(start);
  if (grew <= 0) return waiting("nothing new on the dead-letter topic yet");
  const before = metricsOf(start)?.deadLetters ?? 0;
  const after = metricsOf(now)?.deadLetters ?? null;
  if (after === null || after <= before) {
    return waiting(
      `the dead-letter topic grew by ${grew} offsets; /metrics pipeline_dead_letters_last_hour is still ${
        after ?? "absent"
      } (the processor reports every 5 s)`,
    );
  }
  return ok(
    `the dead-letter topic grew by ${grew} offsets (markers included); /metrics pipeline_dead_letters_last_hour ${before} → ${after}`,
  );
}

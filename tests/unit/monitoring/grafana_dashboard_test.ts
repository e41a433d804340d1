import assert from "node:assert/strict";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { prometheusText } from "../../../services/dashboard/prometheus.ts";
import { indexWindows } from "../../../lib/windows.ts";
import type { MonitorState } from "../../../lib/monitor_types.ts";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";
import {
  ALERT_RULES,
  alertExpressions,
  COMPOSE_FILE,
  GRAFANA_DATASOURCE,
  GRAFANA_PROVIDER,
  grafanaPanels,
  metricNames,
} from "./monitoring_files.ts";

const NOW = Date.parse("2026-11-22T20:15:30.000Z");

/** Series Prometheus makes itself: the scrape's health and its own alerts. */
const PROMETHEUS_OWN = new Set(["up", "ALERTS"]);

/** Every metric name `/metrics` can expose: a fed store and a polled group make each conditional one appear. */
function exposedNames(): Set<string> {
  const store = new MetricStore();
  for (
    const r of sampleRecords({
      endMs: Date.parse("2026-11-22T20:15:00.000Z"),
      emittedAt: NOW,
    })
  ) store.apply(r, NOW);
  const monitor: MonitorState = {
    group: {
      group_id: "analytics-processor",
      state: "Stable",
      protocol: "CoPartitionedSticky",
      members: [],
      lag: [{
        topic: "store.searches",
        partition: 0,
        committed: 1,
        low: 0,
        high: 3,
        lag: 2,
        owner: null,
        stuck_since: null,
        stalled: false,
        unowned: false,
      }],
      total_lag: 2,
      polled_at: NOW,
      consumed_per_s: 1,
      produced_per_s: 1,
    },
    poll_error: null,
    alerts: [],
    cleared: [],
    evaluated_at: NOW,
  };
  const text = prometheusText({
    index: indexWindows(store.windows()),
    hub: { clients: 0, connected: 0, dropped: 0, updates: 0, resumed: 0 },
    consumer: { records: 1, invalid: 0, running: true, replayed: true },
    monitor,
    nowMs: NOW,
  });
  return new Set(
    [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]),
  );
}

function datasourceUid(yaml: string): string {
  const uids = [...yaml.matchAll(/^\s*uid:\s*(\S+)\s*$/gm)].map((m) => m[1]);
  assert.equal(uids.length, 1, "one provisioned datasource");
  return uids[0];
}

Deno.test("metricNames() finds the metrics of an expression, not its functions, labels or keywords", () => {
  assert.deepEqual(
    metricNames(
      'sum by (topic) (rate(a_total{job="x",b=~"c|d"}[5m] offset 1m)) / on () group_left b_gauge > bool 1e3',
    ),
    ["a_total", "b_gauge"],
  );
  assert.deepEqual(
    metricNames("max without (partition) (pipeline_consumer_lag)"),
    ["pipeline_consumer_lag"],
  );
});

Deno.test("the Grafana dashboard queries only metric names that /metrics exposes", async () => {
  const exposed = exposedNames();
  // The figures the lab points at must be among them.
  for (
    const name of [
      "pipeline_consumer_lag",
      "pipeline_group_members",
      "pipeline_records_in_per_second",
      "pipeline_error_rate_5m",
      "producer_failed_last_minute",
    ]
  ) assert.ok(exposed.has(name), `the test's /metrics lacks ${name}`);
  const used = new Set<string>();
  for (const panel of await grafanaPanels()) {
    assert.ok(panel.targets?.length, `panel "${panel.title}" has a query`);
    for (const { expr, refId } of panel.targets!) {
      const names = metricNames(expr);
      assert.ok(names.length > 0, `"${panel.title}" ${refId}: ${expr}`);
      for (const name of names) {
        assert.ok(
          exposed.has(name) || PROMETHEUS_OWN.has(name),
          `panel "${panel.title}" queries ${name}, which /metrics does not expose`,
        );
        used.add(name);
      }
    }
  }
  for (
    const name of [
      "pipeline_consumer_lag",
      "pipeline_consumed_per_second",
      "pipeline_records_in_per_second",
      "pipeline_dead_letters_last_hour",
      "pipeline_error_rate_5m",
      "pipeline_alert",
      "pipeline_group_members",
    ]
  ) assert.ok(used.has(name), `no panel shows ${name}`);
});

Deno.test("the alert rules use only metric names that /metrics exposes", async () => {
  const exposed = exposedNames();
  const exprs = await alertExpressions();
  const rules = (await Deno.readTextFile(ALERT_RULES)).match(/^\s*- alert:/gm)!
    .length;
  assert.equal(exprs.length, rules, "one single-line expr per rule");
  for (const expr of exprs) {
    for (const name of metricNames(expr)) {
      assert.ok(
        exposed.has(name) || name === "up",
        `${expr}: /metrics does not expose ${name}`,
      );
    }
  }
});

Deno.test("every panel and query of the Grafana dashboard uses the provisioned Prometheus datasource", async () => {
  const uid = datasourceUid(await Deno.readTextFile(GRAFANA_DATASOURCE));
  const panels = await grafanaPanels();
  assert.equal(new Set(panels.map((p) => p.id)).size, panels.length);
  for (const panel of panels) {
    assert.deepEqual(
      panel.datasource,
      { type: "prometheus", uid },
      panel.title,
    );
    for (const target of panel.targets ?? []) {
      assert.deepEqual(
        target.datasource,
        { type: "prometheus", uid },
        `${panel.title} ${target.refId}`,
      );
    }
  }
});

Deno.test("docker-compose.yml mounts the Prometheus and Grafana files where their configs look", async () => {
  const compose = await Deno.readTextFile(COMPOSE_FILE);
  const provider = await Deno.readTextFile(GRAFANA_PROVIDER);
  const datasource = await Deno.readTextFile(GRAFANA_DATASOURCE);
  const dashboards = provider.match(/^\s*path:\s*(\S+)\s*$/m)![1];
  assert.match(compose, /- \.\/monitoring\/prometheus:\/etc\/prometheus:ro$/m);
  assert.ok(
    compose.includes(`- ./monitoring/grafana/dashboards:${dashboards}:ro`),
    `the provider reads ${dashboards}`,
  );
  assert.ok(
    compose.includes(
      `DEFAULT_HOME_DASHBOARD_PATH: ${dashboards}/pipeline.json`,
    ),
  );
  assert.match(
    compose,
    /- \.\/monitoring\/grafana\/provisioning:\/etc\/grafana\/provisioning:ro$/m,
  );
  // The datasource reaches Prometheus by its compose service name.
  const host = new URL(datasource.match(/^\s*url:\s*(\S+)\s*$/m)![1]).hostname;
  assert.match(
    compose,
    new RegExp(`^  ${host}:\\n    image: prom/prometheus:v`, "m"),
  );
});

import assert from "node:assert/strict";
import type { GroupView } from "../../../lib/kafka_types.ts";
import { type Alert, ALERT_RULES } from "../../../lib/monitor_types.ts";
import {
  alertRaised,
  alertsCleared,
  deadLettersCounted,
  metricsServed,
  prometheusAnswers,
} from "../../../services/labs/labs/monitoring_checks.ts";
import type { MetricsView } from "../../../services/labs/metrics_scrape.ts";
import type { Snapshot } from "../../../services/labs/model.ts";
import type { PrometheusView } from "../../../services/labs/monitoring_probes.ts";

const allRules = (holding: string[] = []) =>
  Object.fromEntries(ALERT_RULES.map((r) => [r, holding.includes(r) ? 1 : 0]));

function metrics(overrides: Partial<MetricsView> = {}): MetricsView {
  return {
    url: "http://127.0.0.1:8000/metrics",
    members: 1,
    lagSeries: 15,
    totalLag: 7,
    alerts: allRules(),
    deadLetters: 0,
    ...overrides,
  };
}

const answered = (holding: string[] = []): PrometheusView => ({
  state: "answered",
  url: "http://127.0.0.1:9091",
  up: 1,
  members: 1,
  holding,
  alerts: holding.length > 0 ? ["PipelineNoMembers (pending)"] : [],
});

function snapshot(options: {
  members?: number;
  alerts?: Alert[];
  metrics?: MetricsView;
  prometheus?: PrometheusView;
  deadLetterEnd?: number;
} = {}): Snapshot {
  const group = {
    group_id: "g",
    members: Array.from({ length: options.members ?? 1 }, (_, i) => ({
      member_id: `m${i}`,
    })),
    total_lag: 40,
  } as unknown as GroupView;
  return {
    at: 1_000,
    group,
    alerts: options.alerts ?? [],
    replication: [],
    ends: { "p.store.dead-letter": options.deadLetterEnd ?? 0 },
    verify: null,
    probes: {
      metrics: options.metrics ?? metrics(),
      prometheus: options.prometheus ?? answered(),
    },
  };
}

const NO_MEMBERS: Alert = {
  rule: "no_members",
  reason: "Group g has no members and 40 records waiting",
};

Deno.test("metricsServed() holds when /metrics carries the group and every rule", () => {
  const result = metricsServed({ start: snapshot(), now: snapshot() });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /pipeline_group_members 1 \(the broker says 1\)/);
  assert.match(result.detail, /on 15 partitions \(total 7\)/);
});

Deno.test("metricsServed() waits for a readable page, group figures, a member and every rule", () => {
  const view = (m: MetricsView, members = 1) =>
    metricsServed({ start: snapshot(), now: snapshot({ metrics: m, members }) })
      .detail;
  assert.match(
    view(metrics({ error: "Connection refused" })),
    /cannot read .*Connection refused/,
  );
  assert.match(view(metrics({ members: null })), /no group figures yet/);
  assert.match(view(metrics(), 0), /no processor in the group/);
  assert.match(
    view(metrics({ alerts: { no_members: 0 } })),
    /no pipeline_alert for consumer_lag/,
  );
});

Deno.test("prometheusAnswers() needs the target up and a sample; a skipped Prometheus passes", () => {
  const judge = (prometheus: PrometheusView) =>
    prometheusAnswers({ start: snapshot(), now: snapshot({ prometheus }) });
  assert.ok(judge(answered()).ok);
  assert.equal(judge({ ...answered(), up: 0 } as PrometheusView).ok, false);
  assert.match(
    judge({ ...answered(), up: null } as PrometheusView).detail,
    /no pipeline-dashboard target/,
  );
  assert.match(
    judge({ state: "unreachable", url: "u", error: "refused" }).detail,
    /no Prometheus answers at u: refused/,
  );
  const skipped = judge({ state: "skipped", reason: "not installed" });
  assert.ok(skipped.ok);
  assert.match(skipped.detail, /skipped: not installed/);
});

Deno.test("alertRaised() needs the same rule from the broker, on /metrics and in Prometheus", () => {
  const start = snapshot();
  const raised = (m: MetricsView, p: PrometheusView) =>
    alertRaised({
      start,
      now: snapshot({ alerts: [NO_MEMBERS], metrics: m, prometheus: p }),
    });
  assert.match(
    alertRaised({ start, now: snapshot() }).detail,
    /no group alert from the broker's figures yet/,
  );
  assert.match(
    raised(metrics(), answered()).detail,
    /raise no_members; \/metrics does not show it yet/,
  );
  const shown = metrics({ alerts: allRules(["no_members"]) });
  assert.match(
    raised(shown, answered()).detail,
    /Prometheus has not scraped it yet/,
  );
  const result = raised(shown, answered(["no_members"]));
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /pipeline_alert\{rule="no_members"\} 1/);
  assert.match(result.detail, /PipelineNoMembers \(pending\)/);
  // Without a Prometheus (the learner runs none), the dashboard is enough.
  assert.ok(
    raised(shown, { state: "unreachable", url: "u", error: "refused" }).ok,
  );
});

Deno.test("alertsCleared() waits until no group rule holds anywhere and a member is back", () => {
  const start = snapshot({
    alerts: [NO_MEMBERS],
    metrics: metrics({ alerts: allRules(["no_members"]) }),
  });
  const clear = (now: Snapshot) => alertsCleared({ start, now });
  assert.match(
    clear(snapshot({ alerts: [NO_MEMBERS] })).detail,
    /still holding/,
  );
  assert.match(clear(snapshot({ members: 0 })).detail, /no member back/);
  assert.match(
    clear(snapshot({ metrics: metrics({ alerts: allRules(["no_members"]) }) }))
      .detail,
    /\/metrics still shows/,
  );
  assert.match(
    clear(snapshot({ prometheus: answered(["no_members"]) })).detail,
    /Prometheus still has/,
  );
  const result = clear(snapshot());
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /^no_members cleared/);
});

Deno.test("deadLettersCounted() needs the topic to grow and /metrics to count more", () => {
  const start = snapshot({ deadLetterEnd: 10 });
  assert.equal(
    deadLettersCounted({ start, now: snapshot({ deadLetterEnd: 10 }) }).ok,
    false,
  );
  assert.match(
    deadLettersCounted({ start, now: snapshot({ deadLetterEnd: 30 }) }).detail,
    /grew by 20 offsets; .* is still 0/,
  );
  const result = deadLettersCounted({
    start,
    now: snapshot({
      deadLetterEnd: 30,
      metrics: metrics({ deadLetters: 18 }),
    }),
  });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /0 → 18/);
});

/**
 * Lab 9: the dashboard's `/metrics` and a real Prometheus from our config
 * scraping it; freeze the processor and see a group alert raised from the
 * broker's figures on every surface, then clear; bad records counted.
 */
import type { LabProcess } from "../actions.ts";
import type { Lab } from "../model.ts";
import {
  metricsProbe,
  type PrometheusPlace,
  prometheusProbe,
} from "../monitoring_probes.ts";
import { findPrometheus, freePort, startPrometheus } from "../prometheus.ts";
import {
  alertRaised,
  alertsCleared,
  deadLettersCounted,
  metricsServed,
  prometheusAnswers,
} from "./monitoring_checks.ts";

const processorOf = (memory: Map<string, unknown>) =>
  memory.get("processor") as LabProcess;

export const monitoringLab: Lab = {
  number: 9,
  id: "monitoring",
  title: "Monitoring with Prometheus",
  goal:
    "Watch the pipeline as an operator would, from the dashboard's /metrics and a Prometheus scraping it, then freeze the processor and see which alert the broker's figures raise, and see it clear.",
  doc: "09-monitoring.md",
  probes: { metrics: metricsProbe, prometheus: prometheusProbe },
  env: (short) => ({
    LOG_LEVEL: "warn",
    // Short: a frozen member leaves after 6 s, not 30, and the dashboard polls every second.
    ...(short
      ? { PROCESSOR_SESSION_TIMEOUT_MS: "6000", DASHBOARD_POLL_MS: "1000" }
      : {}),
  }),
  async setup(run) {
    await run.run("topics", []);
    run.memory.set(
      "processor",
      run.start("process", ["--instance-id", "lab-monitoring"]),
    );
    run.start("produce", ["--rate", run.short ? "20" : "50"]);
    // A port of its own: the learner's dashboard may hold 8000.
    const port = freePort();
    const dashboard = `http://127.0.0.1:${port}`;
    run.start("dashboard", [], {
      env: { DASHBOARD_HOST: "127.0.0.1", DASHBOARD_PORT: String(port) },
    });
    run.memory.set("dashboard", dashboard);
    run.say(`dashboard at ${dashboard} (its figures at ${dashboard}/metrics)`);
    const bin = await findPrometheus();
    if (!bin) {
      const skipped =
        "prometheus is not installed (apt-get install -y prometheus, or the compose profile)";
      run.memory.set("prometheus", { skipped } satisfies PrometheusPlace);
      run.say(`${skipped}: its checks are skipped`);
      return;
    }
    const interval = run.short ? "1s" : "5s";
    const prometheus = await startPrometheus(`127.0.0.1:${port}`, {
      bin,
      interval,
    });
    run.defer(() => prometheus.stop());
    run.memory.set("prometheus", { url: prometheus.url });
    run.say(
      `Prometheus at ${prometheus.url} (monitoring/prometheus/, scraping every ${interval}): ${prometheus.url}/graph, ${prometheus.url}/alerts`,
    );
  },
  steps: [
    {
      title: "The dashboard publishes the pipeline's figures at /metrics",
      doIt: [
        "deno task dev   (broker, topics, producer, processor, dashboard)",
        "curl -s localhost:8000/metrics | grep -E '^pipeline_(group_members|consumer_lag|alert)'",
      ],
      expect: metricsServed,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title: "Prometheus scrapes /metrics and answers a query",
      doIt: [
        "Start Prometheus from monitoring/prometheus/ (docs/labs/09-monitoring.md, step 1)",
        "http://localhost:9091/targets: pipeline-dashboard UP; /graph: pipeline_group_members",
      ],
      expect: prometheusAnswers,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title:
        "Freeze the processor (SIGSTOP): the broker's figures raise an alert",
      doIt: [
        "kill -STOP $(pgrep -f services/processor/main.ts)",
        "Watch: lag climbs, the member leaves after its session timeout, no_members; pipeline_alert on /metrics",
      ],
      act(run) {
        processorOf(run.memory).kill("SIGSTOP");
        run.say("the processor is frozen (SIGSTOP): it cannot leave the group");
        return Promise.resolve();
      },
      expect: alertRaised,
      timeoutMs: { auto: 120_000, manual: 600_000 },
    },
    {
      title: "Let it run again (SIGCONT): the alert clears",
      doIt: [
        "kill -CONT $(pgrep -f services/processor/main.ts)",
        "Watch: the member is back, the backlog drains, every rule clears",
      ],
      act(run) {
        processorOf(run.memory).kill("SIGCONT");
        return Promise.resolve();
      },
      expect: alertsCleared,
      timeoutMs: { auto: 120_000, manual: 600_000 },
    },
    {
      title: "Send bad records: dead letters climb on /metrics",
      doIt: [
        "deno task produce --bad-ratio 0.2 --duration 60s",
        "Watch: pipeline_dead_letters_last_hour rises; /dead-letters says why each was rejected",
      ],
      async act(run) {
        await run.run("produce", ["--events", "200", "--bad-ratio", "0.25"]);
      },
      expect: deadLettersCounted,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
  ],
};

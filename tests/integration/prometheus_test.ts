import assert from "node:assert/strict";
import { startDashboard } from "../../services/dashboard/server.ts";
import { createLogger } from "../../shared/log.ts";
import { createProducer } from "../../shared/kafka.ts";
import { pollUntil } from "../../shared/poll.ts";
import {
  grafanaPanels,
  metricNames,
} from "../unit/monitoring/monitoring_files.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";
import { type Sample, startPrometheus } from "./prometheus_fixture.ts";

const JOB = 'job="pipeline-dashboard"';

integrationTest(
  "Prometheus with our config scrapes the dashboard: lag and members match the broker, our rules evaluate, every Grafana query runs",
  async () => {
    const t = await withTestTopics("prometheus");
    // No processor runs: every record produced stays lag.
    const produced = { [t.names.store[0]]: 11, [t.names.store[4]]: 6 };
    const producer = createProducer(t.kafka);
    await producer.connect();
    for (const [topic, n] of Object.entries(produced)) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: n }, (_, i) => ({
          key: `u${i}`,
          value: "{}",
        })),
      });
    }
    await producer.disconnect();
    const total = Object.values(produced).reduce((s, n) => s + n, 0);

    const dashboard = await startDashboard(
      {
        ...t.config,
        DASHBOARD_PORT: 0,
        DASHBOARD_POLL_MS: 500,
        LOG_LEVEL: "silent",
      },
      { logger: createLogger("dashboard", "silent") },
    );
    const prometheus = await startPrometheus(new URL(dashboard.url).host)
      .catch(async (error) => {
        await dashboard.shutdown();
        await t.cleanup();
        throw error;
      });
    const consumer = t.kafka.consumer({ groupId: t.config.PROCESSOR_GROUP_ID });
    const wait = async <T>(
      what: string,
      probe: () => Promise<T | undefined>,
    ): Promise<T> => {
      let value: T | undefined;
      try {
        await pollUntil(async () => (value = await probe()) !== undefined, {
          timeoutMs: 30_000,
          intervalMs: 250,
          what,
        });
      } catch (error) {
        throw new Error(
          `${error}\nPrometheus's log ends:\n${prometheus.log().slice(-2_000)}`,
        );
      }
      return value!;
    };
    const one = async (expr: string) => {
      const result = await prometheus.query(expr);
      return result.length === 1 ? result[0].value : undefined;
    };
    try {
      // The first scrape after the dashboard's first poll already holds the lag.
      const lag = await wait(
        "the lag series",
        async () => (await one(`sum(pipeline_consumer_lag{${JOB}})`)),
      );
      assert.equal(lag, total);
      const byPartition = (samples: Sample[]) =>
        Object.fromEntries(
          samples.map((s) => [
            `${s.metric.topic}/${s.metric.partition}`,
            s.value,
          ]),
        );
      const broker: Record<string, number> = {};
      for (const topic of t.names.store) {
        for (const p of await t.admin.fetchTopicOffsets(topic)) {
          broker[`${topic}/${p.partition}`] = Number(p.high) - Number(p.low);
        }
      }
      assert.deepEqual(
        byPartition(await prometheus.query(`pipeline_consumer_lag{${JOB}}`)),
        broker,
      );
      assert.equal(await one(`up{${JOB}}`), 1);
      assert.equal(await one(`pipeline_group_members{${JOB}}`), 0);
      assert.equal(await one(`pipeline_alert{${JOB},rule="no_members"}`), 1);
      // Records wait and nobody reads them: our rule holds (pending for its `for:`).
      const noMembers = await wait(
        "PipelineNoMembers to be pending",
        async () =>
          (await prometheus.alerts()).find((a) =>
            a.labels.alertname === "PipelineNoMembers"
          ),
      );
      assert.equal(noMembers.state, "pending");
      assert.equal(noMembers.labels.severity, "critical");

      // A member joins the processor group (and commits nothing).
      await consumer.connect();
      await consumer.subscribe({ topics: t.names.store, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachMessage: async () => {} });
      await wait(
        "one member in Prometheus",
        async () =>
          (await one(`pipeline_group_members{${JOB}}`)) === 1
            ? true
            : undefined,
      );
      const described = await t.admin.describeGroups([
        t.config.PROCESSOR_GROUP_ID,
      ]);
      assert.equal(described.groups[0].members.length, 1);
      await wait(
        "PipelineNoMembers to clear",
        async () =>
          (await prometheus.alerts()).some((a) =>
              a.labels.alertname === "PipelineNoMembers"
            )
            ? undefined
            : true,
      );

      // Every Grafana query evaluates; those whose metrics the dashboard
      // exposes in this scene return its figures.
      const scraped = new Set(
        (await prometheus.query(`count by (__name__) ({${JOB}})`)).map((s) =>
          s.metric.__name__
        ),
      );
      const panels = await grafanaPanels();
      for (const panel of panels) {
        for (const { expr } of panel.targets ?? []) {
          const result = await prometheus.query(expr);
          if (metricNames(expr).every((n) => scraped.has(n))) {
            assert.ok(result.length > 0, `"${panel.title}": ${expr}`);
          }
        }
      }
      const panelValue = async (title: string) => {
        const panel = panels.find((p) => p.title === title);
        assert.ok(panel, title);
        return await one(panel.targets![0].expr);
      };
      assert.equal(await panelValue("Total lag"), total);
      assert.equal(await panelValue("Group members"), 1);
    } finally {
      await consumer.disconnect();
      await prometheus.stop();
      await dashboard.shutdown();
      await t.cleanup();
    }
  },
  90_000,
);

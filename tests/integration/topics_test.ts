import assert from "node:assert/strict";
import { type Admin, ConfigResourceTypes } from "kafkajs";
import { pollUntil } from "../../shared/poll.ts";
import { topicSpecs } from "../../shared/topics.ts";
import {
  ensureTopics,
  waitForTopics,
} from "../../services/topics/ensure_topics.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

async function retentionOf(admin: Admin, topic: string) {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{
      type: ConfigResourceTypes.TOPIC,
      name: topic,
      configNames: ["retention.ms"],
    }],
  });
  return resources[0].configEntries[0]?.configValue;
}

integrationTest(
  "ensureTopics() creates all eight topics with their partitions and retention, and is idempotent",
  async () => {
    const t = await withTestTopics("topics");
    try {
      const specs = topicSpecs(t.config.KAFKA_TOPIC_PREFIX, 1);
      // withTestTopics already created them: a second run must find them all right.
      const reports = await ensureTopics(t.admin, specs);
      assert.equal(reports.length, 8);
      assert.deepEqual(reports.map((r) => r.status), Array(8).fill("ok"));

      const metadata = await t.admin.fetchTopicMetadata({
        topics: specs.map((s) => s.name),
      });
      for (const spec of specs) {
        const topic = metadata.topics.find((x) => x.name === spec.name);
        assert.equal(topic?.partitions.length, spec.partitions, spec.name);
      }
      const configs = await t.admin.describeConfigs({
        includeSynonyms: false,
        resources: specs.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.name,
          configNames: ["retention.ms", "compression.type"],
        })),
      });
      for (const spec of specs) {
        const entries = configs.resources.find((r) =>
          r.resourceName === spec.name
        )!.configEntries;
        const value = (name: string) =>
          entries.find((e) => e.configName === name)?.configValue;
        assert.equal(
          value("retention.ms"),
          String(spec.retentionMs),
          spec.name,
        );
        if (spec.configs["compression.type"]) {
          assert.equal(value("compression.type"), "snappy");
        }
      }
    } finally {
      await t.cleanup();
    }
  },
);

integrationTest(
  "ensureTopics() reports a topic with the wrong partition count as an error",
  async () => {
    const t = await withTestTopics("wrongparts");
    try {
      const [first] = topicSpecs(t.config.KAFKA_TOPIC_PREFIX, 1);
      await t.admin.deleteTopics({ topics: [first.name] });
      // Deletion completes asynchronously; a create before it would be a no-op.
      await pollUntil(
        async () => !(await t.admin.listTopics()).includes(first.name),
        { timeoutMs: 30_000, what: `${first.name} to be deleted` },
      );
      assert.equal(
        await t.admin.createTopics({
          waitForLeaders: false,
          topics: [{ topic: first.name, numPartitions: 1 }],
        }),
        true,
      );
      await waitForTopics(t.admin, [first.name]);
      const reports = await ensureTopics(t.admin, [first]);
      assert.equal(reports[0].status, "error");
      assert.match(reports[0].detail ?? "", /1 partitions, expected 3/);
    } finally {
      await t.cleanup();
    }
  },
);

integrationTest(
  "ensureTopics() repairs a drifted retention and reports it as updated",
  async () => {
    const t = await withTestTopics("drift");
    try {
      const spec = topicSpecs(t.config.KAFKA_TOPIC_PREFIX, 1).find((s) =>
        s.name === t.names.metrics
      )!;
      await t.admin.alterConfigs({
        validateOnly: false,
        resources: [{
          type: ConfigResourceTypes.TOPIC,
          name: spec.name,
          configEntries: [{ name: "retention.ms", value: "60000" }],
        }],
      });
      // The broker applies the change from the controller shortly after the ack.
      await pollUntil(
        async () => await retentionOf(t.admin, spec.name) === "60000",
        { timeoutMs: 30_000, what: "the drifted retention to apply" },
      );
      const [report] = await ensureTopics(t.admin, [spec]);
      assert.equal(report.status, "updated");
      assert.match(report.detail ?? "", /retention\.ms 60000 ->/);
      await pollUntil(
        async () =>
          await retentionOf(t.admin, spec.name) === String(spec.retentionMs),
        { timeoutMs: 30_000, what: "the repaired retention to apply" },
      );
      const [again] = await ensureTopics(t.admin, [spec]);
      assert.equal(again.status, "ok");
    } finally {
      await t.cleanup();
    }
  },
);

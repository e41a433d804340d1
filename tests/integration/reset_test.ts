import assert from "node:assert/strict";
import { integrationTest, withTestTopics } from "./fixture.ts";
import { assertCounted, PROCESSOR, produce, run, verify } from "./services.ts";

const RESET = new URL("../../services/reset/main.ts", import.meta.url).pathname;
const ONE_RUN = ["--until-caught-up", "--drain"];

integrationTest(
  "deno task reset then a reprocess: verify is exact and no enriched event or dead letter is there twice",
  async () => {
    const t = await withTestTopics("reset");
    try {
      const produced = await produce(t, [
        "--events",
        "6000",
        "--seed",
        "9",
        "--bad-ratio",
        "0.02",
        "--start",
        "2026-11-22T08:00:00Z",
      ]);
      await run(t, PROCESSOR, ONE_RUN);
      const reset = await run(t, RESET, []);
      assert.match(
        reset.stdout,
        /move the offsets of group .* to the earliest/,
      );
      assert.match(reset.stdout, /delete .*changelog/);
      assert.match(reset.stdout, /empty .*analytics\.enriched-events/);
      await run(t, PROCESSOR, ONE_RUN);
      // assertCounted: enriched == valid and dead letters == bad, counted on the topics.
      assertCounted(await verify(t), [produced]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

integrationTest(
  "deno task reset --all refuses to run unattended without --yes, and empties every topic with it",
  async () => {
    const t = await withTestTopics("reset-all");
    try {
      await produce(t, ["--events", "500", "--seed", "2"]);
      const env = {
        KAFKA_BROKERS: t.config.KAFKA_BROKERS.join(","),
        KAFKA_TOPIC_PREFIX: t.config.KAFKA_TOPIC_PREFIX,
        PROCESSOR_GROUP_ID: t.config.PROCESSOR_GROUP_ID,
      };
      const refused = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", RESET, "--all"],
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(refused.code, 2);
      assert.match(new TextDecoder().decode(refused.stderr), /add --yes/);
      await run(t, RESET, ["--all", "--yes"]);
      for (const topic of t.names.store) {
        for (const o of await t.admin.fetchTopicOffsets(topic)) {
          assert.equal(o.low, o.high, `${topic}[${o.partition}] is empty`);
        }
      }
    } finally {
      await t.cleanup();
    }
  },
  120_000,
);

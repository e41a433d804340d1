import assert from "node:assert/strict";
import { pollUntil } from "../../shared/poll.ts";
import { processorGroupId } from "../../shared/topics.ts";
import { kafkaTool } from "../../services/broker/tools.ts";
import { integrationTest, serviceEnv, withTestTopics } from "./fixture.ts";
import {
  assertCounted,
  finish,
  PROCESSOR,
  produce,
  run,
  spawn,
  VERIFY,
  verify,
} from "./services.ts";

const OFFSETS = new URL("../../services/offsets/main.ts", import.meta.url)
  .pathname;
const ONE_RUN = ["--until-caught-up", "--drain"];
const LOAD = ["--events", "6000", "--seed", "3", "--bad-ratio", "0.02"];
const START = ["--start", "2026-11-22T08:00:00Z"];

integrationTest(
  "deno task offsets --to-earliest --execute: the processor logs the change, replays, and verify stays exact with nothing written twice",
  async () => {
    const t = await withTestTopics("offsets");
    try {
      const produced = await produce(t, [...LOAD, ...START]);
      await run(t, PROCESSOR, ONE_RUN);
      const dry = await run(t, OFFSETS, ["--to-earliest"]);
      assert.match(dry.stdout, /Dry run: nothing changed/);
      const moved = await run(t, OFFSETS, ["--to-earliest", "--execute"]);
      assert.match(moved.stdout, /Done: group /);
      const committed = await t.admin.fetchOffsets({
        groupId: processorGroupId(t.config),
        topics: t.names.store,
      });
      assert.ok(
        committed.every((c) => c.partitions.every((p) => p.offset === "0")),
      );
      const again = await run(t, PROCESSOR, ONE_RUN, { LOG_LEVEL: "info" });
      assert.match(
        again.stdout + again.stderr,
        /offsets changed outside the processor/,
      );
      assertCounted(await verify(t), [produced]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

integrationTest(
  "a reset with Kafka's own kafka-consumer-groups gets the same treatment",
  async () => {
    const t = await withTestTopics("offsets-java");
    try {
      const produced = await produce(t, [...LOAD, ...START]);
      await run(t, PROCESSOR, ONE_RUN);
      await kafkaTool(
        "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
        [
          "--bootstrap-server",
          t.config.KAFKA_BROKERS.join(","),
          "--group",
          processorGroupId(t.config),
          "--reset-offsets",
          "--to-earliest",
          "--all-topics",
          "--execute",
        ],
      );
      const again = await run(t, PROCESSOR, ONE_RUN, { LOG_LEVEL: "info" });
      assert.match(
        again.stdout + again.stderr,
        /offsets changed outside the processor/,
      );
      assertCounted(await verify(t), [produced]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

integrationTest(
  "deno task offsets refuses to move the offsets of a group with live members",
  async () => {
    const t = await withTestTopics("offsets-live");
    const live = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", PROCESSOR, "--instance-id", "live"],
      env: serviceEnv(t.config),
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      const groupId = processorGroupId(t.config);
      await pollUntil(async () => {
        const { groups: [g] } = await t.admin.describeGroups([groupId]);
        return g?.state === "Stable";
      }, {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: "the group to be stable",
      });
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", OFFSETS, "--to-earliest", "--execute"],
        env: serviceEnv(t.config),
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 1);
      assert.match(
        new TextDecoder().decode(out.stderr),
        /Cannot reset offsets: group .* has \d+ live member\(s\) \(.*processor-live/,
      );
    } finally {
      live.kill("SIGTERM");
      await live.status;
      await t.cleanup();
    }
  },
  120_000,
);

integrationTest(
  "verify says how many events a reprocess without the changelog wrote twice, and --expect-duplicates passes on it",
  async () => {
    const t = await withTestTopics("offsets-dup");
    try {
      await produce(t, [...LOAD, ...START]);
      await run(t, PROCESSOR, ONE_RUN);
      // What a learner does by hand: forget the state, rewind the group.
      await t.admin.deleteTopics({
        topics: [`${processorGroupId(t.config)}.changelog`],
      });
      await run(t, OFFSETS, ["--to-earliest", "--execute"]);
      await run(t, PROCESSOR, ONE_RUN);
      const plain = await finish(spawn(t, VERIFY, []));
      assert.equal(plain.code, 1);
      assert.match(
        plain.stdout,
        /enriched topic: \+\d+ against the valid input/,
      );
      const drill = await finish(spawn(t, VERIFY, ["--expect-duplicates"]));
      assert.equal(drill.code, 0, drill.stdout);
      assert.match(
        drill.stdout,
        /OK: as expected, the stream has events counted twice/,
      );
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

import assert from "node:assert/strict";
import { integrationTest, withTestTopics } from "./fixture.ts";
import {
  assertCounted,
  committedToEnd,
  finish,
  PROCESSOR,
  produce,
  run,
  spawn,
  verify,
} from "./services.ts";

const INFO = { LOG_LEVEL: "info" };
const FIRST = ["--events", "20000", "--seed", "11", "--bad-ratio", "0.02"];

integrationTest(
  "one processor catches up on 20,000 events: verify agrees, bad events dead-lettered, good ones counted once",
  async () => {
    const t = await withTestTopics("proc-one");
    try {
      const produced = await produce(t, [
        ...FIRST,
        "--start",
        "2026-11-22T08:00:00Z",
      ]);
      const summaryFile = await Deno.makeTempFile({ suffix: ".json" });
      await run(t, PROCESSOR, [
        "--until-caught-up",
        "--drain",
        "--summary-json",
        summaryFile,
      ]);
      const summary = JSON.parse(await Deno.readTextFile(summaryFile));
      await Deno.remove(summaryFile);
      assert.equal(summary.records_in, 20_000);
      assert.equal(summary.dead_letters, produced.bad);
      assert.equal(summary.enriched_out, produced.valid);
      assert.ok(summary.metrics_out > 0 && summary.events_per_sec > 0);
      assertCounted(await verify(t), [produced]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

integrationTest(
  "two processors share the work and the totals do not change",
  async () => {
    const t = await withTestTopics("proc-two");
    try {
      const produced = await produce(t, [
        ...FIRST,
        "--start",
        "2026-11-22T08:00:00Z",
      ]);
      const args = ["--until-caught-up", "--drain"];
      const [a, b] = await Promise.all([
        finish(spawn(t, PROCESSOR, [...args, "--instance-id", "a"], INFO)),
        finish(spawn(t, PROCESSOR, [...args, "--instance-id", "b"], INFO)),
      ]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      for (const instance of [a, b]) {
        assert.match(instance.stdout, /tasks assigned .*tasks=\d/);
      }
      assertCounted(await verify(t), [produced]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

integrationTest(
  "a processor stopped half-way hands its state to a new one through the changelog",
  async () => {
    const t = await withTestTopics("proc-restart");
    try {
      const first = await produce(t, [
        "--events",
        "10000",
        "--seed",
        "11",
        "--bad-ratio",
        "0.02",
        "--start",
        "2026-11-22T08:00:00Z",
      ]);
      const old = spawn(t, PROCESSOR, ["--instance-id", "old"]);
      await committedToEnd(t.admin, t);
      old.kill("SIGTERM");
      const stopped = await finish(old);
      assert.equal(stopped.code, 0, stopped.stderr);
      // The second half continues the simulated day where the first ended.
      const second = await produce(t, [
        "--events",
        "10000",
        "--seed",
        "12",
        "--bad-ratio",
        "0.02",
        "--start",
        "2026-11-22T08:04:00Z",
      ]);
      await run(t, PROCESSOR, [
        "--until-caught-up",
        "--drain",
        "--instance-id",
        "new",
      ]);
      assertCounted(await verify(t), [first, second]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

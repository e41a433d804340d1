/**
 * The delivery-semantics drill: the same backlog, the same crash point (the
 * processor kills itself with SIGKILL in the middle of its third commit, with
 * work in hand), then a restart to the end. verify shows events counted twice
 * under at-least-once, events lost under at-most-once, and neither under
 * exactly-once.
 */
import assert from "node:assert/strict";
import type { DeliverySemantics } from "../../shared/schemas/names.ts";
import { consoleConsumerValues } from "../../services/broker/tools.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";
import { finish, PROCESSOR, produce, run, spawn, VERIFY } from "./services.ts";

const LOAD = ["--events", "6000", "--seed", "11"];
const START = ["--start", "2026-11-22T08:00:00Z"];
// The restart waits out the killed member: keep that short.
const ENV = { PROCESSOR_SESSION_TIMEOUT_MS: "6000" };

async function crashAndRecover(semantics: DeliverySemantics) {
  const t = await withTestTopics(`sem-${semantics.slice(0, 8)}`);
  const flags = ["--semantics", semantics];
  await produce(t, [...LOAD, ...START]);
  const crashed = await finish(
    spawn(t, PROCESSOR, [...flags, "--crash-at-commit", "3"], {
      ...ENV,
      LOG_LEVEL: "info",
    }),
  );
  assert.equal(crashed.code, 137, crashed.stdout + crashed.stderr);
  assert.match(crashed.stdout + crashed.stderr, /crash point reached/);
  await run(t, PROCESSOR, [...flags, "--until-caught-up", "--drain"], ENV);
  return t;
}

async function verifyWith(
  t: Awaited<ReturnType<typeof withTestTopics>>,
  args: string[],
) {
  return await finish(spawn(t, VERIFY, args));
}

integrationTest(
  "at-least-once: a crash between the outputs and the offsets counts events twice, and verify says how many",
  async () => {
    const t = await crashAndRecover("at-least-once");
    try {
      const plain = await verifyWith(t, []);
      assert.equal(plain.code, 1, plain.stdout);
      const twice = /\+(\d+) events counted twice/.exec(plain.stdout);
      const enriched = /enriched topic: \+(\d+) against/.exec(plain.stdout);
      assert.ok(twice && enriched, plain.stdout);
      assert.ok(Number(enriched[1]) > 0, plain.stdout);
      assert.match(plain.stdout, /-0 events lost/);
      const drill = await verifyWith(t, ["--expect-duplicates"]);
      assert.equal(drill.code, 0, drill.stdout);
    } finally {
      await t.cleanup();
    }
  },
  180_000,
);

integrationTest(
  "at-most-once: a crash after the offsets and before the outputs loses events, and verify says how many",
  async () => {
    const t = await crashAndRecover("at-most-once");
    try {
      const plain = await verifyWith(t, []);
      assert.equal(plain.code, 1, plain.stdout);
      const lost = /-(\d+) events lost/.exec(plain.stdout);
      const enriched = /enriched topic: -(\d+) against/.exec(plain.stdout);
      assert.ok(lost && enriched, plain.stdout);
      assert.ok(Number(lost[1]) > 0, plain.stdout);
      assert.match(plain.stdout, /\+0 events counted twice/);
      const drill = await verifyWith(t, ["--expect-loss"]);
      assert.equal(drill.code, 0, drill.stdout);
    } finally {
      await t.cleanup();
    }
  },
  180_000,
);

integrationTest(
  "exactly-once: the same crash leaves verify exact, and every metric record says its semantics",
  async () => {
    const t = await crashAndRecover("exactly-once");
    try {
      const plain = await verifyWith(t, []);
      assert.equal(plain.code, 0, plain.stdout);
      assert.match(plain.stdout, /\+0 events counted twice, -0 events lost/);
      const metrics = await consoleConsumerValues(
        t.config.KAFKA_BROKERS,
        t.names.metrics,
        { idleMs: 3_000 },
      );
      const processors = metrics.map((line) => JSON.parse(line))
        .filter((record) => record.metric !== "producer_health");
      assert.ok(processors.length > 0);
      for (const record of processors) {
        assert.equal(record.semantics, "exactly-once", JSON.stringify(record));
      }
    } finally {
      await t.cleanup();
    }
  },
  180_000,
);

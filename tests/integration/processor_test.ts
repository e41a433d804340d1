import assert from "node:assert/strict";
import type { Admin } from "kafkajs";
import {
  integrationTest,
  serviceEnv,
  type TestTopics,
  withTestTopics,
} from "./fixture.ts";

const ROOT = new URL("../../", import.meta.url);
const PRODUCER = new URL("services/producer/main.ts", ROOT).pathname;
const PROCESSOR = new URL("services/processor/main.ts", ROOT).pathname;
const VERIFY = new URL("services/processor/verify.ts", ROOT).pathname;

interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

async function finish(child: Deno.ChildProcess): Promise<Finished> {
  const output = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: output.code,
    stdout: decode(output.stdout),
    stderr: decode(output.stderr),
  };
}

function spawn(
  t: TestTopics,
  script: string,
  args: string[],
  env: Record<string, string> = {},
) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    env: serviceEnv(t.config, env),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function run(
  t: TestTopics,
  script: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const result = await finish(spawn(t, script, args, env));
  assert.equal(result.code, 0, `${script}\n${result.stdout}\n${result.stderr}`);
  return result;
}

interface ProducerSummary {
  valid: number;
  bad: number;
}

async function produce(
  t: TestTopics,
  args: string[],
): Promise<ProducerSummary> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await run(t, PRODUCER, [...args, "--summary-json", file]);
    return JSON.parse(await Deno.readTextFile(file));
  } finally {
    await Deno.remove(file);
  }
}

/** Runs verify; returns its raw counts line, after asserting it passed. */
async function verify(t: TestTopics) {
  const result = await finish(spawn(t, VERIFY, []));
  assert.equal(
    result.code,
    0,
    `verify failed:\n${result.stdout}\n${result.stderr}`,
  );
  const match =
    /raw: (\d+) valid \((\d+) late\), (\d+) rejected; enriched topic: (\d+); dead letters: (\d+) \(0 missing, 0 unexpected, 0 without reason\)/
      .exec(result.stdout);
  assert.ok(match, result.stdout);
  const [valid, late, rejected, enriched, deadLetters] = match.slice(1).map(
    Number,
  );
  assert.match(result.stdout, /OK: \d+ final metric records/);
  return { valid, late, rejected, enriched, deadLetters };
}

function assertCounted(
  counts: Awaited<ReturnType<typeof verify>>,
  produced: ProducerSummary[],
) {
  const valid = produced.reduce((s, p) => s + p.valid, 0);
  const bad = produced.reduce((s, p) => s + p.bad, 0);
  assert.equal(counts.valid, valid);
  assert.equal(counts.enriched, valid, "every valid event enriched once");
  assert.equal(counts.rejected, bad);
  assert.equal(counts.deadLetters, bad, "every bad event dead-lettered once");
}

/** Resolves once the group has committed offsets up to every partition's end. */
async function committedToEnd(admin: Admin, t: TestTopics) {
  for (;;) {
    const committed = await admin.fetchOffsets({
      groupId: t.config.PROCESSOR_GROUP_ID,
      topics: t.names.store,
    });
    let done = true;
    for (const topic of t.names.store) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const at = committed.find((c) => c.topic === topic)?.partitions
          .find((p) => p.partition === end.partition)?.offset ?? "-1";
        if (Number(at) < Number(end.high)) done = false;
      }
    }
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

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

import assert from "node:assert/strict";
import { STORE_PARTITIONS } from "../../shared/topics.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";
import {
  assertCounted,
  committedToEnd,
  finish,
  PROCESSOR,
  produce,
  run,
  spawn,
  untilOutput,
  verify,
  watchOutput,
} from "./services.ts";

const INFO = { LOG_LEVEL: "info" };
/** One member per instance: these tests read each instance's assignment from its log. */
const ONE_MEMBER = ["--workers", "1"];
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

/** The tasks of each "tasks assigned" line, in order ("none" as empty). */
function assignments(lines: string[]): number[][] {
  return lines.flatMap((line) => {
    const match = /tasks assigned .*tasks=([\d,]+|none)/.exec(line);
    if (!match) return [];
    return [match[1] === "none" ? [] : match[1].split(",").map(Number)];
  });
}

/** True when both latest assignments are non-empty, disjoint and cover every task. */
function split(a: number[][], b: number[][], tasks: number): boolean {
  const [x, y] = [a.at(-1) ?? [], b.at(-1) ?? []];
  const union = new Set([...x, ...y]);
  return x.length > 0 && y.length > 0 && union.size === tasks &&
    x.length + y.length === tasks;
}

integrationTest(
  "two processors share the work and the totals do not change",
  async () => {
    const t = await withTestTopics("proc-two");
    const produced = await produce(t, [
      ...FIRST,
      "--start",
      "2026-11-22T08:00:00Z",
    ]);
    // Both run until stopped, so that neither can finish before the other
    // has joined: a lone member owns every task, so a split proves both
    // owned tasks at once.
    const children = ["a", "b"].map((id) =>
      spawn(t, PROCESSOR, ["--instance-id", id, ...ONE_MEMBER], INFO)
    );
    const [a, b] = children.map(watchOutput);
    try {
      const tasks = (await t.admin.fetchTopicOffsets(t.names.store[0])).length;
      const shared = () =>
        split(assignments(a.lines), assignments(b.lines), tasks);
      await untilOutput(
        [a, b],
        shared,
        90_000,
        "a and b to own disjoint tasks at once",
      );
      await committedToEnd(t.admin, t);
      assert.ok(shared(), "both still own their tasks once the work is done");
      const [ownedByA, ownedByB] = [a, b].map((p) =>
        assignments(p.lines).at(-1)!
      );
      assert.deepEqual(
        [...ownedByA, ...ownedByB].sort((x, y) => x - y),
        Array.from({ length: tasks }, (_, i) => i),
      );
      for (const child of children) child.kill("SIGTERM");
      const [doneA, doneB] = await Promise.all([a.finished, b.finished]);
      assert.equal(doneA.code, 0, doneA.stderr);
      assert.equal(doneB.code, 0, doneB.stderr);
      for (const instance of [doneA, doneB]) {
        assert.match(instance.stdout, /tasks assigned .*tasks=\d/);
      }
      assertCounted(await verify(t), [produced]);
    } finally {
      for (const child of children) {
        try {
          child.kill("SIGKILL");
        } catch { /* already exited */ }
      }
      await Promise.all([a.finished, b.finished]);
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

integrationTest(
  "processors already running when the events arrive count them exactly as a batch recomputation does",
  async () => {
    const t = await withTestTopics("proc-live");
    const children = ["a", "b"].map((id) =>
      spawn(t, PROCESSOR, ["--instance-id", id, ...ONE_MEMBER], INFO)
    );
    const [a, b] = children.map(watchOutput);
    try {
      const tasks = STORE_PARTITIONS;
      await untilOutput(
        [a, b],
        () => split(assignments(a.lines), assignments(b.lines), tasks),
        90_000,
        "a and b to own disjoint tasks before anything is produced",
      );
      const produced = await produce(t, [
        ...FIRST,
        "--start",
        "2026-11-22T08:00:00Z",
      ]);
      await committedToEnd(t.admin, t);
      for (const child of children) child.kill("SIGTERM");
      for (const done of await Promise.all([a.finished, b.finished])) {
        assert.equal(done.code, 0, done.stderr);
      }
      await run(t, PROCESSOR, ["--until-caught-up", "--drain"]);
      assertCounted(await verify(t), [produced]);
    } finally {
      for (const child of children) {
        try {
          child.kill("SIGKILL");
        } catch { /* exited */ }
      }
      await t.cleanup();
    }
  },
  240_000,
);

integrationTest(
  "six store partitions make six tasks, and verify stays exact",
  async () => {
    const t = await withTestTopics("proc-six", { storePartitions: 6 });
    try {
      const produced = await produce(t, [
        ...FIRST,
        "--start",
        "2026-11-22T08:00:00Z",
      ]);
      const done = await run(
        t,
        PROCESSOR,
        ["--until-caught-up", "--drain", ...ONE_MEMBER],
        INFO,
      );
      assert.match(done.stdout, /tasks assigned .*tasks=0,1,2,3,4,5/);
      assertCounted(await verify(t), [produced]);
    } finally {
      await t.cleanup();
    }
  },
  240_000,
);

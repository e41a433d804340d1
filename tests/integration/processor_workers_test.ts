import assert from "node:assert/strict";
import { AssignerProtocol } from "kafkajs";
import { pollUntil } from "../../shared/poll.ts";
import { integrationTest, type TestTopics, withTestTopics } from "./fixture.ts";
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

interface Member {
  clientId: string;
  tasks: number[];
}

/** The group's members and the tasks each owns, from the broker; null until the group is stable. */
async function members(t: TestTopics): Promise<Member[] | null> {
  const { groups: [group] } = await t.admin.describeGroups([
    t.config.PROCESSOR_GROUP_ID,
  ]);
  if (group?.state !== "Stable") return null;
  return group.members.map((m) => ({
    clientId: m.clientId,
    tasks: AssignerProtocol.MemberAssignment.decode(m.memberAssignment)
      ?.assignment[t.names.store[0]] ?? [],
  })).sort((a, b) => a.clientId < b.clientId ? -1 : 1);
}

async function readSummary(file: string) {
  const summary = JSON.parse(await Deno.readTextFile(file));
  await Deno.remove(file);
  return summary;
}

integrationTest(
  "one processor with --workers 2 is two members of the group with the tasks split, and verify stays exact",
  async () => {
    const t = await withTestTopics("proc-workers");
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
    const summaryFile = await Deno.makeTempFile({ suffix: ".json" });
    // Live (until stopped), so the group is seen while both workers own tasks.
    const child = spawn(t, PROCESSOR, [
      "--workers",
      "2",
      "--instance-id",
      "wk",
      "--summary-json",
      summaryFile,
    ]);
    const exited = finish(child);
    try {
      let seen: Member[] = [];
      await pollUntil(async () => {
        seen = await members(t) ?? [];
        return seen.length === 2 && seen.every((m) => m.tasks.length > 0);
      }, {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: "two members of one instance to own tasks",
      });
      assert.deepEqual(
        seen.map((m) => m.clientId.replace(/^.*-processor-/, "")),
        ["wk-w0", "wk-w1"],
      );
      const tasks = (await t.admin.fetchTopicOffsets(t.names.store[0])).length;
      assert.deepEqual(
        seen.flatMap((m) => m.tasks).sort((a, b) => a - b),
        Array.from({ length: tasks }, (_, i) => i),
        "each task owned by exactly one worker",
      );
      await committedToEnd(t.admin, t);
      child.kill("SIGTERM");
      const stopped = await exited;
      assert.equal(stopped.code, 0, stopped.stderr);
      const live = await readSummary(summaryFile);
      assert.equal(live.workers, 2);
      assert.equal(live.records_in, 10_000, "both workers' records summed");
      assert.equal(live.caught_up, false);

      // Caught up only when both workers are: a second backlog, continuing
      // the simulated day where the first ended, then drained.
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
      const drainFile = await Deno.makeTempFile({ suffix: ".json" });
      await run(t, PROCESSOR, [
        "--workers",
        "2",
        "--until-caught-up",
        "--drain",
        "--summary-json",
        drainFile,
      ]);
      const drained = await readSummary(drainFile);
      assert.equal(drained.caught_up, true);
      assert.equal(drained.records_in, 10_000);
      assertCounted(await verify(t), [first, second]);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await exited;
      await t.cleanup();
    }
  },
  180_000,
);

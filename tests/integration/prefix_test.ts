import assert from "node:assert/strict";
import { AssignerProtocol } from "kafkajs";
import { pollUntil } from "../../shared/poll.ts";
import { processorGroupId } from "../../shared/topics.ts";
import { integrationTest, type TestTopics, withTestTopics } from "./fixture.ts";
import { PROCESSOR, spawn } from "./services.ts";

/** The tasks the members of the processor group of `t` own, from the broker. */
async function ownedTasks(t: TestTopics): Promise<number[]> {
  const groupId = processorGroupId(t.config);
  const { groups: [group] } = await t.admin.describeGroups([groupId]);
  if (group?.state !== "Stable") return [];
  return (group.members ?? []).flatMap((m) =>
    AssignerProtocol.MemberAssignment.decode(m.memberAssignment)
      ?.assignment[t.names.store[0]] ?? []
  ).sort();
}

integrationTest(
  "two processors under different prefixes and the same group id each own all their tasks",
  async () => {
    const shared = { PROCESSOR_GROUP_ID: "analytics-processor" };
    const [a, b] = await Promise.all([
      withTestTopics("prefix-a"),
      withTestTopics("prefix-b"),
    ]);
    a.config = { ...a.config, ...shared };
    b.config = { ...b.config, ...shared };
    const children = [a, b].map((t) => spawn(t, PROCESSOR, [], shared));
    try {
      assert.notEqual(processorGroupId(a.config), processorGroupId(b.config));
      for (const t of [a, b]) {
        await pollUntil(async () => (await ownedTasks(t)).length === 3, {
          timeoutMs: 60_000,
          intervalMs: 500,
          what:
            `the processor under ${t.config.KAFKA_TOPIC_PREFIX} to own 3 tasks`,
        });
        assert.deepEqual(await ownedTasks(t), [0, 1, 2]);
      }
    } finally {
      for (const child of children) {
        child.kill("SIGTERM");
        await child.output();
      }
      await a.cleanup();
      await b.cleanup();
    }
  },
  120_000,
);

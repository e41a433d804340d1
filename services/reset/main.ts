/** `deno task reset`: back to a clean reprocess, or to an empty playground. Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import type { Admin } from "kafkajs";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { commitGroupOffsets } from "../../shared/group_offsets.ts";
import { createKafka, kafkaProblem } from "../../shared/kafka.ts";
import { processorGroupId, topicNames } from "../../shared/topics.ts";
import { changelogTopicName } from "../processor/changelog.ts";
import { offsetMoves, planOffsets } from "../offsets/plan.ts";
import { readPartitionStates } from "../offsets/read_state.ts";
import { parseResetArgs, RESET_USAGE } from "./cli.ts";
import { describeStep, planReset, type ResetStep } from "./plan.ts";

const options = parseOrExit(parseResetArgs, RESET_USAGE);
const config = loadConfigOrExit();
const prefix = config.KAFKA_TOPIC_PREFIX;
const groupId = processorGroupId(config);
const kafka = createKafka(config, { clientSuffix: "reset" });
const admin = kafka.admin();

async function run(step: ResetStep) {
  switch (step.kind) {
    case "offsets": {
      const action = step.to === "earliest"
        ? { kind: "to-earliest" as const }
        : { kind: "to-datetime" as const, time: step.to };
      const moves = planOffsets(
        await readPartitionStates(admin, {
          groupId,
          topics: step.topics,
          action,
        }),
        action,
      );
      await commitGroupOffsets(
        kafka,
        step.groupId,
        offsetMoves(moves),
      );
      return;
    }
    case "delete-topic":
      if ((await admin.listTopics()).includes(step.topic)) {
        await admin.deleteTopics({ topics: [step.topic], timeout: 30_000 });
      }
      return;
    case "empty-topic":
      await admin.deleteTopicRecords({
        topic: step.topic,
        partitions: (await admin.fetchTopicOffsets(step.topic)).map((o) => ({
          partition: o.partition,
          offset: "-1",
        })),
      });
      return;
    case "delete-groups":
      await admin.deleteGroups(step.groupIds);
      return;
  }
}

function confirmed(): boolean {
  if (options.yes) return true;
  if (!Deno.stdin.isTerminal()) {
    console.error(
      "Cannot reset --all without --yes when not run in a terminal: add --yes to confirm",
    );
    Deno.exit(2);
  }
  return prompt(
    `Empty every topic under prefix "${prefix}" and delete its groups? Type yes:`,
  ) === "yes";
}

async function liveMembers(client: Admin): Promise<string[]> {
  const { groups: [group] } = await client.describeGroups([groupId]);
  return (group?.members ?? []).map((m) => `${m.clientId} ${m.clientHost}`);
}

try {
  await admin.connect();
  const members = await liveMembers(admin);
  if (members.length > 0) {
    console.error(
      `Cannot reset: the processor's group ${groupId} has ${members.length} live member(s) (${
        members.join(", ")
      }); stop the processor first`,
    );
    Deno.exit(1);
  }
  const steps = planReset({
    names: topicNames(prefix),
    groupId,
    changelog: changelogTopicName(prefix, config.PROCESSOR_GROUP_ID),
    toDatetime: options.toDatetime,
    all: options.all,
    groups: options.all
      ? (await admin.listGroups()).groups.map((g) => g.groupId)
      : [],
    prefix,
  });
  if (options.all && !confirmed()) {
    console.log("Nothing changed.");
    Deno.exit(0);
  }
  for (const step of steps) {
    console.log(`- ${describeStep(step)}`);
    await run(step);
  }
  console.log("Done. The next deno task process starts from there.");
} catch (error) {
  console.error(`Cannot reset: ${kafkaProblem(error, config.KAFKA_BROKERS)}`);
  Deno.exitCode = 1;
} finally {
  await admin.disconnect();
}

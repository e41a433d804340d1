/** `deno task offsets`: show or move a consumer group's committed offsets. Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { commitGroupOffsets } from "../../shared/group_offsets.ts";
import { createKafka, kafkaProblem } from "../../shared/kafka.ts";
import { processorGroupId, topicNames } from "../../shared/topics.ts";
import { OFFSETS_USAGE, parseOffsetsArgs } from "./cli.ts";
import { formatPlan, offsetMoves, planOffsets } from "./plan.ts";
import { readPartitionStates } from "./read_state.ts";

const options = parseOrExit(parseOffsetsArgs, OFFSETS_USAGE);
const config = loadConfigOrExit();
const groupId = options.group ?? processorGroupId(config);
const topics = options.topic
  ? [options.topic]
  : topicNames(config.KAFKA_TOPIC_PREFIX).store;
const kafka = createKafka(config, { clientSuffix: "offsets" });
const admin = kafka.admin();
try {
  await admin.connect();
  const { groups: [group] } = await admin.describeGroups([groupId]);
  const members = group?.members ?? [];
  const action = options.action!;
  const moves = planOffsets(
    await readPartitionStates(admin, { groupId, topics, action }),
    action,
  );
  console.log(
    `Group ${groupId} (${
      group?.state ?? "unknown"
    }, ${members.length} members)\n`,
  );
  console.log(formatPlan(moves));
  if (members.length > 0) {
    console.error(
      `\nCannot reset offsets: group ${groupId} has ${members.length} live member(s) (${
        members.map((m) => `${m.clientId} ${m.clientHost}`).join(", ")
      }); stop them first, as kafka-consumer-groups requires`,
    );
    Deno.exitCode = 1;
  } else if (!options.execute) {
    console.log("\nDry run: nothing changed. Add --execute to apply.");
  } else {
    await commitGroupOffsets(
      kafka,
      groupId,
      offsetMoves(moves),
    );
    console.log(`\nDone: group ${groupId} now starts from the offsets above.`);
  }
} catch (error) {
  console.error(
    `Cannot read or move offsets: ${kafkaProblem(error, config.KAFKA_BROKERS)}`,
  );
  Deno.exitCode = 1;
} finally {
  await admin.disconnect();
}

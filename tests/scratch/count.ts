import "../../shared/kafka_patches/install.ts";
import { loadConfig } from "../../shared/config.ts";
import { createKafka } from "../../shared/kafka.ts";
import { topicNames } from "../../shared/topics.ts";
const config = loadConfig();
const admin = createKafka(config).admin();
await admin.connect();
let sum = 0;
for (const t of topicNames(config.KAFKA_TOPIC_PREFIX).store) {
  for (const o of await admin.fetchTopicOffsets(t)) {
    sum += Number(o.high);
  }
}
console.log("raw records", sum);
await admin.disconnect();

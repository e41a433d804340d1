/**
 * `deno task verify`: recomputes every closed window from the raw topics in
 * batch, with the stream's own functions, and compares it with the final
 * records on the metrics topic. Exit 1 on any difference.
 */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import {
  createKafka,
  kafkaExitCode,
  kafkaProblem,
} from "../../shared/kafka.ts";
import { parseFlags, parseOrExit, UsageError } from "../../shared/flags.ts";
import { createLogger } from "../../shared/log.ts";
import { MetricRecord } from "../../shared/schemas/metrics.ts";
import { topicNames } from "../../shared/topics.ts";
import { writeVerifyResult } from "../../shared/verify_result.ts";
import { DLQ_HEADERS } from "./dead_letter.ts";
import { compareMetrics, formatComparison } from "./verify/compare.ts";
import { highWatermarks, readToEnd } from "./verify/read_topics.ts";
import { BatchTask, type BatchTotals } from "./verify/recompute.ts";
import { type Expectation, verdict } from "./verify/verdict.ts";

const USAGE = `Usage: deno task verify [--expect-duplicates | --expect-loss]

Recomputes every closed window from the raw topics and compares it with
analytics.metrics; also checks the dead-letter and enriched topics, and says
how far the stream is from the batch (events counted twice, events lost).
Exit 0 when everything matches, 1 on any difference, 2 on bad flags.

  --expect-duplicates  pass when the only errors are events counted twice
  --expect-loss        pass when the only errors are events lost
  -h, --help           show this help`;
const flags = parseOrExit((args) => {
  const { values, help } = parseFlags(args, {
    booleans: ["expect-duplicates", "expect-loss"],
  });
  if (values["expect-duplicates"] && values["expect-loss"]) {
    throw new UsageError(
      "Invalid flags: --expect-duplicates and --expect-loss exclude each other",
    );
  }
  const expect: Expectation = values["expect-duplicates"]
    ? "duplicates"
    : values["expect-loss"]
    ? "loss"
    : "exact";
  return { help, expect };
}, USAGE);

const config = loadConfigOrExit();
const logger = createLogger("verify", config.LOG_LEVEL);
const names = topicNames(config.KAFKA_TOPIC_PREFIX);
const kafka = createKafka(config, {
  clientSuffix: "verify",
  logger: createLogger("kafkajs", "error"),
});
const admin = kafka.admin();

async function main(): Promise<number> {
  await admin.connect();
  const storeEnds = await highWatermarks(admin, names.store);
  const lows = new Map<string, number[]>();
  for (const topic of names.store) {
    const l: number[] = [];
    for (const o of await admin.fetchTopicOffsets(topic)) {
      l[o.partition] = Number(o.low);
    }
    lows.set(topic, l);
  }
  const totals: BatchTotals = {
    valid: 0,
    rejected: 0,
    late: 0,
    rejectedAt: new Map(),
  };
  const partitions = storeEnds.get(names.store[0])!.length;
  const tasks = Array.from({ length: partitions }, (_, p) =>
    new BatchTask({
      partition: p,
      topics: names.store,
      lows: names.store.map((t) => lows.get(t)![p] ?? 0),
      highs: names.store.map((t) => storeEnds.get(t)![p] ?? 0),
      latenessMs: config.PROCESSOR_ALLOWED_LATENESS_MS,
      maxSkewMs: config.PROCESSOR_MAX_SKEW_MS,
      sessionGapMs: config.PROCESSOR_SESSION_GAP_MS,
      maxBytes: config.PROCESSOR_MAX_EVENT_BYTES,
      totals,
    }));
  await readToEnd(
    kafka,
    admin,
    storeEnds,
    (topic, partition, messages, lastOffset) => {
      tasks[partition].add(names.store.indexOf(topic), messages, lastOffset);
    },
  );
  for (const task of tasks) task.finish();
  const batch = tasks.flatMap((t) => t.windows);

  const latest = new Map<string, MetricRecord>();
  let invalidMetrics = 0;
  const dlq = new Map<string, string>();
  let enriched = 0;
  await readToEnd(
    kafka,
    admin,
    await highWatermarks(admin, [
      names.metrics,
      names.deadLetter,
      names.enriched,
    ]),
    (topic, _partition, messages) => {
      if (topic === names.enriched) {
        enriched += messages.length;
        return;
      }
      for (const m of messages) {
        if (topic === names.deadLetter) {
          const h = m.headers ?? {};
          const at = `${h[DLQ_HEADERS.topic]}:${h[DLQ_HEADERS.partition]}:${
            h[DLQ_HEADERS.offset]
          }`;
          dlq.set(at, String(h[DLQ_HEADERS.reason] ?? ""));
          continue;
        }
        const parsed = MetricRecord.safeParse(JSON.parse(String(m.value)));
        if (!parsed.success) {
          invalidMetrics++;
          continue;
        }
        latest.set(String(m.key), parsed.data);
      }
    },
  );
  const finals = [...latest.values()].filter((r) => r.final);
  const rows = compareMetrics(finals, batch);
  console.log(formatComparison(rows));

  const dlqMissing =
    [...totals.rejectedAt.keys()].filter((k) => !dlq.has(k)).length;
  const dlqExtra =
    [...dlq.keys()].filter((k) => !totals.rejectedAt.has(k)).length;
  const noReason = [...dlq.values()].filter((r) => r === "").length;
  console.log(
    `\nraw: ${totals.valid} valid (${totals.late} late), ${totals.rejected} rejected; ` +
      `enriched topic: ${enriched}; dead letters: ${dlq.size} ` +
      `(${dlqMissing} missing, ${dlqExtra} unexpected, ${noReason} without reason); ` +
      `invalid metric records: ${invalidMetrics}`,
  );
  const result = verdict({
    rows,
    enriched,
    valid: totals.valid,
    deadLettersOk: dlqMissing + dlqExtra + noReason === 0,
    invalidMetrics,
    expect: flags.expect,
  });
  const { failures, summary } = result;
  const compared = rows.reduce((s, r) => s + r.compared, 0);
  await writeVerifyResult({
    at: new Date().toISOString(),
    prefix: config.KAFKA_TOPIC_PREFIX,
    expect: flags.expect,
    ok: failures.length === 0,
    extra: result.extra,
    lost: result.lost,
    compared,
    summary,
    failures,
    raw: {
      valid: totals.valid,
      late: totals.late,
      rejected: totals.rejected,
      lateness_ms: config.PROCESSOR_ALLOWED_LATENESS_MS,
    },
  }).catch((error) => logger.warn(`cannot keep the result: ${error}`));
  console.log(summary);
  if (failures.length > 0) {
    console.log(`\nFAILED: ${failures.join(", ")}`);
    return 1;
  }
  console.log(
    flags.expect === "exact"
      ? `\nOK: ${compared} final metric records equal their batch recomputation`
      : `\nOK: as expected, the stream has ${
        flags.expect === "duplicates" ? "events counted twice" : "events lost"
      } and no other difference`,
  );
  return 0;
}

try {
  Deno.exitCode = await main();
} catch (error) {
  logger.error(`verify failed: ${kafkaProblem(error, config.KAFKA_BROKERS)}`);
  Deno.exitCode = kafkaExitCode(error);
} finally {
  await admin.disconnect().catch(() => {});
}

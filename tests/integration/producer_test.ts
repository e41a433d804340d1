import assert from "node:assert/strict";
import type { Kafka } from "kafkajs";
import { StoreEvent } from "../../shared/schemas/events.ts";
import { metricKey, MetricRecord } from "../../shared/schemas/metrics.ts";
import { generateRecords } from "../../services/producer/model/generate.ts";
import type { Summary } from "../../services/producer/stats.ts";
import {
  integrationTest,
  serviceEnv,
  type TestTopics,
  withTestTopics,
} from "./fixture.ts";

const MAIN = new URL("../../services/producer/main.ts", import.meta.url);
const START = "2026-11-22T08:00:00Z";

interface Landed {
  topic: string;
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

async function produce(t: TestTopics, args: string[]) {
  const summaryFile = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        MAIN.pathname,
        ...args,
        "--summary-json",
        summaryFile,
      ],
      env: serviceEnv(t.config),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(output.stdout);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `${stdout}\n${stderr}`);
    return {
      stdout,
      summary: JSON.parse(await Deno.readTextFile(summaryFile)) as Summary,
    };
  } finally {
    await Deno.remove(summaryFile);
  }
}

/** Reads `topics` from the beginning until `count` records have arrived. */
async function readAll(
  kafka: Kafka,
  groupId: string,
  topics: string[],
  count: number,
): Promise<Landed[]> {
  const consumer = kafka.consumer({ groupId, maxBytes: 8 << 20 });
  const landed: Landed[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve) => {
      consumer.run({
        eachBatch: ({ batch }) => {
          for (const m of batch.messages) {
            landed.push({
              topic: batch.topic,
              partition: batch.partition,
              key: String(m.key),
              value: String(m.value),
              headers: Object.fromEntries(
                Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]),
              ),
            });
          }
          if (landed.length >= count) resolve();
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return landed;
}

integrationTest(
  "produce --events 5000 --seed 7 lands exactly its events, valid, keyed and partitioned by user",
  async () => {
    const t = await withTestTopics("producer");
    try {
      const { summary, stdout } = await produce(t, [
        "--events",
        "5000",
        "--seed",
        "7",
        "--start",
        START,
      ]);
      assert.match(stdout, /Produced 5000 events \(5000 valid, 0 bad\)/);
      assert.equal(summary.events, 5000);
      assert.equal(summary.delivery_errors, 0);

      const landed = await readAll(
        t.kafka,
        `${t.config.KAFKA_TOPIC_PREFIX}check`,
        t.names.store,
        5000,
      );
      assert.equal(landed.length, 5000);
      const partitionOf = new Map<string, number>();
      const byType: Record<string, number> = {};
      for (const record of landed) {
        const event = StoreEvent.parse(JSON.parse(record.value));
        assert.equal(record.topic, t.names.events[event.event_type]);
        assert.equal(record.key, event.user_id);
        assert.equal(record.headers.event_type, event.event_type);
        assert.equal(record.headers.schema_version, "1");
        const seen = partitionOf.get(event.user_id) ?? record.partition;
        assert.equal(
          record.partition,
          seen,
          `${event.user_id} on two partitions`,
        );
        partitionOf.set(event.user_id, record.partition);
        byType[event.event_type] = (byType[event.event_type] ?? 0) + 1;
      }
      assert.deepEqual(byType, summary.by_type);
      // The same seed and start give the same events as the pure generator.
      const expected = [
        ...generateRecords({
          seed: 7,
          startMs: Date.parse(START),
          count: 5000,
        }),
      ].map((r) => r.value).sort();
      assert.deepEqual(landed.map((r) => r.value).sort(), expected);

      const [health] = await readAll(
        t.kafka,
        `${t.config.KAFKA_TOPIC_PREFIX}health`,
        [t.names.metrics],
        1,
      );
      const record = MetricRecord.parse(JSON.parse(health.value));
      assert.equal(record.metric, "producer_health");
      assert.equal(health.key, metricKey(record));
      assert.ok(record.metric === "producer_health" && record.data.sent > 0);
    } finally {
      await t.cleanup();
    }
  },
);

integrationTest(
  "produce --bad-ratio 0.05 sends the bad records too and loses nothing valid",
  async () => {
    const t = await withTestTopics("producer-bad");
    try {
      const { summary } = await produce(t, [
        "--events",
        "3000",
        "--seed",
        "11",
        "--start",
        START,
        "--bad-ratio",
        "0.05",
      ]);
      const expected = [
        ...generateRecords({
          seed: 11,
          startMs: Date.parse(START),
          count: 3000,
          badRatio: 0.05,
          maxEventBytes: t.config.PROCESSOR_MAX_EVENT_BYTES,
        }),
      ];
      const expectedBad = expected.filter((r) => r.bad).length;
      assert.ok(expectedBad > 100, `${expectedBad} bad`);
      assert.equal(summary.bad, expectedBad);
      assert.equal(summary.valid, 3000 - expectedBad);

      const landed = await readAll(
        t.kafka,
        `${t.config.KAFKA_TOPIC_PREFIX}check`,
        t.names.store,
        3000,
      );
      assert.equal(landed.length, 3000);
      const valid = landed.filter((r) => {
        try {
          return StoreEvent.safeParse(JSON.parse(r.value)).success &&
            r.value.length <= t.config.PROCESSOR_MAX_EVENT_BYTES;
        } catch {
          return false;
        }
      });
      assert.deepEqual(
        valid.map((r) => r.value).sort(),
        expected.filter((r) => !r.bad).map((r) => r.value).sort(),
      );
      assert.equal(landed.length - valid.length, expectedBad);
    } finally {
      await t.cleanup();
    }
  },
);

integrationTest("produce exits 2 with the usage on a bad flag", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN.pathname, "--rate", "lots"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 2);
  assert.match(stderr, /Invalid --rate/);
  assert.match(stderr, /Usage: deno task produce/);
});

integrationTest(
  "produce stops on SIGTERM: flushes what is in flight, prints its summary, exits 0",
  async () => {
    const t = await withTestTopics("producer-stop");
    const summaryFile = await Deno.makeTempFile({ suffix: ".json" });
    try {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          MAIN.pathname,
          "--rate",
          "300/s",
          "--seed",
          "3",
          "--summary-json",
          summaryFile,
        ],
        env: serviceEnv(t.config),
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      // Wait until records are really flowing, then stop it.
      await readAll(
        t.kafka,
        `${t.config.KAFKA_TOPIC_PREFIX}probe`,
        t.names.store,
        20,
      );
      child.kill("SIGTERM");
      const output = await child.output();
      const stdout = new TextDecoder().decode(output.stdout);
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      assert.match(stdout, /^Produced \d+ events/m);
      const summary: Summary = JSON.parse(await Deno.readTextFile(summaryFile));
      assert.ok(summary.events >= 20);
      assert.equal(summary.delivery_errors, 0);
      const landed = await readAll(
        t.kafka,
        `${t.config.KAFKA_TOPIC_PREFIX}check`,
        t.names.store,
        summary.events,
      );
      assert.equal(landed.length, summary.events);
    } finally {
      await Deno.remove(summaryFile);
      await t.cleanup();
    }
  },
);

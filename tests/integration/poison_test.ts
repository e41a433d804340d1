import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createProducer, RELIABLE_PRODUCER } from "../../shared/kafka.ts";
import { injectPoison } from "../../services/chaos/poison.ts";
import { DLQ_HEADERS } from "../../services/processor/dead_letter.ts";
import {
  highWatermarks,
  readToEnd,
} from "../../services/processor/verify/read_topics.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";
import { PROCESSOR, produce, run, verify } from "./services.ts";

const START = "2026-11-22T08:00:00Z";

integrationTest(
  "poison records are dead-lettered with their reason while the valid records around them are counted once and verify stays exact",
  async () => {
    const t = await withTestTopics("poison");
    const producer = createProducer(t.kafka, RELIABLE_PRODUCER);
    try {
      const before = await produce(t, [
        "--events",
        "4000",
        "--seed",
        "5",
        "--start",
        START,
      ]);
      await producer.connect();
      // Event time inside the generator's run, so the poison session is live data.
      const at = Date.parse(START) + 30_000;
      await injectPoison(producer, t.names, "oversized", at);
      const future = await injectPoison(producer, t.names, "future", at);
      const session = await injectPoison(producer, t.names, "session", at);
      const after = await produce(t, [
        "--events",
        "4000",
        "--seed",
        "6",
        "--start",
        "2026-11-22T08:01:00Z",
      ]);
      await run(t, PROCESSOR, ["--until-caught-up", "--drain"]);
      const counts = await verify(t);
      const valid = before.valid + after.valid + session.records;
      assert.equal(counts.valid, valid);
      assert.equal(counts.enriched, valid);
      assert.equal(counts.deadLetters, 2);

      const letters: Record<string, string>[] = [];
      const values: Uint8Array[] = [];
      await readToEnd(
        t.kafka,
        t.admin,
        await highWatermarks(t.admin, [t.names.deadLetter]),
        (_topic, _partition, messages) => {
          for (const m of messages) {
            letters.push(
              Object.fromEntries(
                Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)]),
              ),
            );
            values.push(m.value ?? new Uint8Array());
          }
        },
      );
      const oversized = letters.findIndex((h) =>
        h[DLQ_HEADERS.reason] === "oversized"
      );
      assert.ok(oversized >= 0, JSON.stringify(letters));
      const h = letters[oversized];
      assert.equal(h[DLQ_HEADERS.truncated], "true");
      assert.ok(Number(h[DLQ_HEADERS.size]) > 2 * 1024 * 1024);
      assert.ok(values[oversized].byteLength < 64 * 1024);
      assert.match(h[DLQ_HEADERS.sha256], /^[0-9a-f]{64}$/);
      assert.notEqual(
        h[DLQ_HEADERS.sha256],
        createHash("sha256").update(values[oversized]).digest("hex"),
        "the hash is of the whole original, not of the prefix kept",
      );
      const skewed = letters.find((h) =>
        h[DLQ_HEADERS.reason] === "timestamp_skew"
      );
      assert.ok(skewed, JSON.stringify(letters));
      assert.equal(skewed[DLQ_HEADERS.topic], t.names.events.game_page_viewed);
      assert.equal(future.rejectedIds.length, 1);
    } finally {
      await producer.disconnect().catch(() => {});
      await t.cleanup();
    }
  },
  240_000,
);

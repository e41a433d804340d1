import assert from "node:assert/strict";
import { createProducer } from "../../shared/kafka.ts";
import { createDirectFetcher, readRecords } from "../../shared/topic_reader.ts";
import { followRecords } from "../../shared/topic_tail.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

const text = (v: Uint8Array | null) => new TextDecoder().decode(v ?? undefined);

integrationTest(
  "readRecords() browses a partition from an offset and by time without joining a group",
  async () => {
    const t = await withTestTopics("browse");
    const topic = t.names.events.purchase;
    const producer = createProducer(t.kafka);
    const fetcher = await createDirectFetcher(t.kafka);
    try {
      await producer.connect();
      const base = Date.now() - 60_000;
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, i) => ({
          partition: 1,
          key: `user-${i % 2}`,
          value: JSON.stringify({ i }),
          timestamp: String(base + i * 1_000),
        })),
      });
      const fromOffset = await readRecords({
        fetcher,
        topic,
        partition: 1,
        from: { kind: "offset", offset: 4n },
        limit: 3,
      });
      assert.deepEqual(fromOffset.records.map((r) => text(r.value)), [
        '{"i":6}',
        '{"i":5}',
        '{"i":4}',
      ]);
      assert.equal(fromOffset.partitions[0].next, 7n);
      const byTime = await readRecords({
        fetcher,
        topic,
        partition: 1,
        from: { kind: "time", time: base + 7_500 },
      });
      assert.deepEqual(byTime.records.map((r) => Number(r.offset)), [9, 8]);
      const byKey = await readRecords({
        fetcher,
        topic,
        from: { kind: "earliest" },
        keyFilter: "user-1",
        valueFilter: '"i":7',
      });
      assert.deepEqual(byKey.records.map((r) => text(r.value)), ['{"i":7}']);
      assert.equal(byKey.scanned, 10);
      // Reading made no consumer group (others' tests may add theirs, never ours).
      const groups = (await t.admin.listGroups()).groups;
      assert.ok(
        groups.every((g) => !g.groupId.includes(t.config.KAFKA_TOPIC_PREFIX)),
      );
    } finally {
      await fetcher.disconnect();
      await producer.disconnect();
      await t.cleanup();
    }
  },
);

integrationTest(
  "an aborted transaction's records are visible only read_uncommitted, and its marker takes an offset",
  async () => {
    const t = await withTestTopics("aborted");
    const topic = t.names.deadLetter;
    const producer = createProducer(t.kafka, {
      transactionalId: `${t.config.KAFKA_TOPIC_PREFIX}txn`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const fetcher = await createDirectFetcher(t.kafka);
    try {
      await producer.connect();
      const aborted = await producer.transaction();
      await aborted.send({
        topic,
        messages: ["a1", "a2", "a3"].map((value) => ({ value, partition: 0 })),
      });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({
        topic,
        messages: [{ value: "c1", partition: 0 }],
      });
      await committed.commit();
      const read = (isolation: "read_committed" | "read_uncommitted") =>
        readRecords({
          fetcher,
          topic,
          partition: 0,
          from: { kind: "earliest" },
          isolation,
        });
      const asCommitted = await read("read_committed");
      assert.deepEqual(asCommitted.records.map((r) => text(r.value)), ["c1"]);
      const asUncommitted = await read("read_uncommitted");
      assert.deepEqual(asUncommitted.records.map((r) => text(r.value)), [
        "c1",
        "a3",
        "a2",
        "a1",
      ]);
      // a1..a3 at 0..2, the abort marker at 3, c1 at 4, the commit marker at 5.
      assert.deepEqual(
        asUncommitted.markers.map((m) => [Number(m.offset), m.control]),
        [[5, "commit"], [3, "abort"]],
      );
      assert.equal(asUncommitted.partitions[0].high, 6n);
    } finally {
      await fetcher.disconnect();
      await producer.disconnect();
      await t.cleanup();
    }
  },
);

integrationTest(
  "followRecords() delivers records produced after it started",
  async () => {
    const t = await withTestTopics("tail");
    const topic = t.names.events.search_performed;
    const producer = createProducer(t.kafka);
    const fetcher = await createDirectFetcher(t.kafka);
    const stop = new AbortController();
    try {
      await producer.connect();
      await producer.send({
        topic,
        messages: [{ value: "old", partition: 0 }],
      });
      const seen = Promise.withResolvers<string[]>();
      const ready = Promise.withResolvers<void>();
      const following = followRecords({
        fetcher,
        topic,
        signal: stop.signal,
        maxWaitMs: 100,
        onRecords: (records) => seen.resolve(records.map((r) => text(r.value))),
        onReady: () => ready.resolve(),
      });
      // The tail starts at the end it reads first: produce only after that read.
      await ready.promise;
      await producer.send({
        topic,
        messages: [{ value: "new", partition: 2 }],
      });
      assert.deepEqual(await seen.promise, ["new"]);
      stop.abort();
      await following;
    } finally {
      stop.abort();
      await fetcher.disconnect();
      await producer.disconnect();
      await t.cleanup();
    }
  },
);

import assert from "node:assert/strict";
import { commitGroupOffsets } from "../../shared/group_offsets.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

integrationTest(
  "commitGroupOffsets() moves a stopped group's offsets on every store topic in one join, and refuses a live group",
  async () => {
    const t = await withTestTopics("group-offsets");
    const groupId = `${t.config.KAFKA_TOPIC_PREFIX}offsets-group`;
    const live = t.kafka.consumer({ groupId: `${groupId}-live` });
    try {
      const moves = t.names.store.flatMap((topic, i) =>
        [0, 1, 2].map((partition) => ({
          topic,
          partition,
          offset: String(10 * i + partition + 1),
        }))
      );
      // The last partition of the last topic keeps the offset it had.
      const kept = moves.pop()!;
      await commitGroupOffsets(t.kafka, groupId, [{ ...kept, offset: "77" }]);
      const started = Date.now();
      await commitGroupOffsets(t.kafka, groupId, moves);
      const tookMs = Date.now() - started;
      console.log(
        `commitGroupOffsets: ${moves.length} partitions of ${t.names.store.length} topics in ${tookMs} ms`,
      );
      const committed = await t.admin.fetchOffsets({
        groupId,
        topics: t.names.store,
      });
      const read = new Map(
        committed.flatMap((c) =>
          c.partitions.map((p) => [`${c.topic}:${p.partition}`, p.offset])
        ),
      );
      for (const m of moves) {
        assert.equal(read.get(`${m.topic}:${m.partition}`), m.offset);
      }
      assert.equal(read.get(`${kept.topic}:${kept.partition}`), "77");
      // KafkaJS's setOffsets joins once per topic and waits out a 5 s fetch
      // each time: over 20 s for the five store topics.
      assert.ok(tookMs < 12_000, `took ${tookMs} ms`);

      await live.connect();
      const joined = new Promise((resolve) =>
        live.on(live.events.GROUP_JOIN, resolve)
      );
      await live.subscribe({ topics: t.names.store });
      await live.run({ eachMessage: async () => {} });
      await joined;
      await assert.rejects(
        commitGroupOffsets(t.kafka, `${groupId}-live`, moves),
        /has 1 live member\(s\)/,
      );
    } finally {
      await live.disconnect().catch(() => {});
      await t.cleanup();
    }
  },
  90_000,
);

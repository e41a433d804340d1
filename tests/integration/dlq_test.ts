import assert from "node:assert/strict";
import { createProducer } from "../../shared/kafka.ts";
import { cart } from "../unit/processor/events.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";
import { PROCESSOR, run, verify } from "./services.ts";

const DLQ = new URL("../../services/dlq/main.ts", import.meta.url).pathname;
const ONE_RUN = ["--until-caught-up", "--drain"];

integrationTest(
  "deno task dlq replay --fix: repaired records are counted once, and replaying again adds nothing",
  async () => {
    const t = await withTestTopics("dlq");
    const producer = createProducer(t.kafka, {});
    try {
      await producer.connect();
      const base = Date.parse("2026-11-22T08:00:00Z");
      const good = Array.from(
        { length: 50 },
        (_, i) => cart(base + i * 1000, `s${i}`),
      );
      const broken = good.slice(0, 5).map((e) => ({
        ...cart(e.timestamp ? Date.parse(e.timestamp) + 500 : base, "fixme"),
        price: "19.99",
      }));
      const gameless = {
        ...good[0],
        event_id: crypto.randomUUID(),
        game_id: "",
      };
      await producer.send({
        topic: t.names.events.cart_action,
        messages: [...good, ...broken, gameless].map((e) => ({
          key: "user-1",
          value: JSON.stringify(e),
        })),
      });
      // No --drain yet: it would close the minute the repaired records belong to.
      await run(t, PROCESSOR, ["--until-caught-up"]);
      const dry = await run(t, DLQ, ["replay", "--fix", "--dry-run"]);
      assert.match(
        dry.stdout,
        /Would replay 5 of 6 dead letters \(5 fixed, 0 not selected, 1 not fixable\)/,
      );
      const replayed = await run(t, DLQ, ["replay", "--fix"]);
      assert.match(replayed.stdout, /Replayed 5 of 6 dead letters \(5 fixed/);
      await run(t, PROCESSOR, ONE_RUN);
      const after = await verify(t);
      assert.equal(after.valid, good.length + 5);
      assert.equal(
        after.enriched,
        after.valid,
        "each repaired record enriched once",
      );
      assert.equal(after.deadLetters, 6, "no new dead letter");

      const again = await run(t, DLQ, ["replay", "--fix"]);
      assert.match(again.stdout, /Replayed 0 of 0 dead letters/);
    } finally {
      await producer.disconnect().catch(() => {});
      await t.cleanup();
    }
  },
  240_000,
);

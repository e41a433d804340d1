import assert from "node:assert/strict";
import { createProducer } from "../../shared/kafka.ts";
import { integrationTest, serviceEnv, withTestTopics } from "./fixture.ts";

const PEEK = new URL("../../services/peek/main.ts", import.meta.url).pathname;

async function peek(env: Record<string, string>, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", PEEK, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: out.code,
    stdout: text.decode(out.stdout),
    stderr: text.decode(out.stderr),
  };
}

integrationTest(
  "deno task peek shows a partition's records newest first, as JSON with --json, and joins no group",
  async () => {
    const t = await withTestTopics("peek");
    const producer = createProducer(t.kafka, {});
    try {
      await producer.connect();
      await producer.send({
        topic: t.names.events.search_performed,
        messages: Array.from({ length: 30 }, (_, i) => ({
          key: "user-1",
          value: JSON.stringify({
            n: i,
            query: i === 7 ? "<script>x</script>" : "q",
          }),
        })),
      });
      const env = serviceEnv(t.config);
      const out = await peek(env, ["store.searches", "--limit", "5", "--json"]);
      assert.equal(out.code, 0, out.stderr);
      const lines = out.stdout.trim().split("\n").map((l) => JSON.parse(l));
      assert.equal(lines.length, 5);
      const values = lines.map((l) => JSON.parse(l.value.text).n);
      assert.deepEqual(values, [29, 28, 27, 26, 25]);
      assert.match(
        out.stderr,
        /5 record\(s\) of .*store\.searches, \d+ scanned/,
      );

      const grep = await peek(env, [
        "store.searches",
        "--from",
        "earliest",
        "--grep",
        "<script>",
      ]);
      assert.equal(grep.code, 0, grep.stderr);
      assert.equal(grep.stdout.trim().split("\n").length, 1);
      assert.match(grep.stdout, /<script>x<\/script>/);
      const mine = (await t.admin.listGroups()).groups.filter((g) =>
        g.groupId.includes(t.config.KAFKA_TOPIC_PREFIX)
      );
      assert.deepEqual(mine, [], "peek joined no consumer group");

      const missing = await peek(env, ["no.such.topic"]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Cannot peek: no topic/);
    } finally {
      await producer.disconnect().catch(() => {});
      await t.cleanup();
    }
  },
);

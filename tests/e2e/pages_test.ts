import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Consumer } from "kafkajs";
import { startDashboard } from "../../services/dashboard/server.ts";
import { createLogger } from "../../shared/log.ts";
import { createProducer } from "../../shared/kafka.ts";
import { pollUntil } from "../../shared/poll.ts";
import { integrationTest, withTestTopics } from "../integration/fixture.ts";
import { ARTIFACTS, launchChromium } from "./browser.ts";

// The README's screenshots are rewritten only on request, so a test run leaves
// the tree clean: UPDATE_DOCS_SCREENSHOTS=1 deno task test.
const DOCS = Deno.env.get("UPDATE_DOCS_SCREENSHOTS") === "1"
  ? new URL("../../docs/", import.meta.url)
  : ARTIFACTS;
const EVIL = "<script>window.__pwned = 1</script>";

integrationTest(
  "the message browser shows a search containing <script> as text, and the groups page shows a group's members and lag",
  async () => {
    const t = await withTestTopics("e2e-pages");
    const dashboard = await startDashboard(
      { ...t.config, DASHBOARD_PORT: 0, LOG_LEVEL: "silent" },
      { logger: createLogger("dashboard", "silent"), groupSampleMs: 500 },
    );
    const browser = await launchChromium();
    const topic = t.names.events.search_performed;
    const producer = createProducer(t.kafka);
    let consumer: Consumer | undefined;
    try {
      await producer.connect();
      const send = (from: number, n: number) =>
        producer.send({
          topic,
          acks: -1,
          messages: Array.from({ length: n }, (_, i) => ({
            key: `user-${(from + i) % 7}`,
            value: JSON.stringify({
              event_type: "search_performed",
              query: (from + i) % 5 === 0 ? EVIL : `hollow knight ${from + i}`,
              results: (from + i) % 4,
            }),
          })),
        });
      await send(0, 60);
      await producer.send({
        topic,
        messages: [{
          key: "bin",
          value: Buffer.from([0xff, 0x00, 0x3c, 0x73]),
          partition: 0,
        }],
      });

      const page = await browser.newPage({
        viewport: { width: 1440, height: 1000 },
      });
      await page.goto(
        `${dashboard.url}/topics/${
          encodeURIComponent(topic)
        }?from=earliest&limit=50&q=${encodeURIComponent(EVIL)}`,
      );
      const summary = await page.locator('[data-testid="scan-summary"]')
        .innerText();
      assert.match(summary, /12 shown, 61 scanned/);
      assert.equal(await page.locator('input[name="q"]').inputValue(), EVIL);
      assert.match(
        summary,
        /value containing "<script>window.__pwned = 1<\/script>"/,
      );
      assert.equal(await page.evaluate(() => "__pwned" in globalThis), false);
      assert.equal(await page.locator("td.value script").count(), 0);
      assert.match(
        await page.locator("td.value").first().innerText(),
        /<script>/,
      );
      await Deno.mkdir(DOCS, { recursive: true });
      await page.screenshot({
        path: new URL("message-browser.png", DOCS).pathname,
      });

      await page.goto(
        `${dashboard.url}/topics/${
          encodeURIComponent(topic)
        }?partition=0&limit=8`,
      );
      assert.match(
        await page.locator("pre.bytes-binary").first().innerText(),
        /ff 00 3c 73/,
      );
      // The live tail shows a record produced after it was switched on.
      await page.locator(".tail input[type=checkbox]").check();
      await page.locator(".tail-status", { hasText: "following" }).waitFor({
        timeout: 10_000,
      });
      await producer.send({
        topic,
        messages: [{ key: "live", value: '{"query":"tailed"}', partition: 0 }],
      });
      await page.locator(".tail td.value", { hasText: "tailed" }).waitFor({
        timeout: 10_000,
      });

      // A group of our own with a member and lag, drained while the dashboard samples it.
      const groupId = `${t.config.KAFKA_TOPIC_PREFIX}analytics-processor`;
      consumer = t.kafka.consumer({ groupId, sessionTimeout: 10_000 });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      let consumed = 0;
      await consumer.run({
        autoCommitInterval: 200,
        eachMessage: async () => {
          consumed++;
          if (consumed % 20 === 0) await new Promise((r) => setTimeout(r, 400));
        },
      });
      await send(60, 200);
      await pollUntil(() => consumed >= 262, {
        timeoutMs: 60_000,
        what: "the test group to consume the topic",
      });
      await pollUntil(
        () => {
          const view = dashboard.state.pages.groups();
          const group = view.groups.find((g) => g.group_id === groupId);
          return Boolean(
            group && group.members.length === 1 &&
              (view.history[groupId]?.[0]?.points.length ?? 0) >= 8 &&
              group.partitions.every((p) => p.lag === 0),
          );
        },
        {
          timeoutMs: 60_000,
          what: "the groups sample to show the drained group",
        },
      );
      await page.goto(`${dashboard.url}/groups`);
      const card = page.locator(`[data-group="${groupId}"]`);
      assert.match(await card.innerText(), /Stable/);
      assert.match(
        await card.locator("table.members").innerText(),
        /game-store-analytics-test/,
      );
      assert.equal(await card.locator("table.offsets tbody tr").count(), 3);
      await card.screenshot({ path: new URL("groups.png", DOCS).pathname });
    } finally {
      await consumer?.disconnect();
      await producer.disconnect();
      await browser.close();
      await dashboard.shutdown();
      await t.cleanup();
    }
  },
  180_000,
);

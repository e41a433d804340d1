import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startDashboard } from "../../services/dashboard/server.ts";
import { createLogger } from "../../shared/log.ts";
import { createProducer } from "../../shared/kafka.ts";
import { integrationTest, withTestTopics } from "../integration/fixture.ts";
import { ARTIFACTS, launchChromium } from "./browser.ts";

const alertItem = (rule: string) =>
  `[data-testid="alerts"] [data-rule="${rule}"]`;

/** The pipeline card's lag cells summed, and the Kafka panel's total, as the page shows them. */
function lagFigures(page: Page) {
  return page.evaluate(() => {
    const num = (s: string | null | undefined) =>
      Number((s ?? "").replace(/[^\d]/g, ""));
    const cells = [...document.querySelectorAll('[data-testid="lag-cell"]')]
      .map((td) => num(td.firstChild?.textContent));
    return {
      cells: cells.length,
      card: cells.reduce((a, b) => a + b, 0),
      panel: num(
        document.querySelector('[data-testid="kafka-total-lag"]')?.textContent,
      ),
    };
  });
}

integrationTest(
  "a lag alert appears on the page with its reason and since, and moves to recently cleared once the group catches up",
  async () => {
    const t = await withTestTopics("e2e-alerts");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      DASHBOARD_POLL_MS: 1_000,
      DASHBOARD_STALL_MS: 3_000,
      LOG_LEVEL: "silent" as const,
    };
    const dashboard = await startDashboard(config, {
      logger: createLogger("dashboard", "silent"),
    });
    const browser = await launchChromium();
    const topic = t.names.events.game_page_viewed;
    try {
      // 1,200 records nobody consumes: lag over the 1,000 threshold on partition 0.
      const producer = createProducer(t.kafka);
      await producer.connect();
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: 1_200 }, (_, i) => ({
          partition: 0,
          key: `user-${i}`,
          value: "{}",
        })),
      });
      await producer.disconnect();

      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
      });
      await page.goto(dashboard.url);
      await page.waitForSelector(".conn.live", { timeout: 30_000 });
      const lag = page.locator(alertItem("consumer_lag"));
      await lag.waitFor({ timeout: 30_000 });
      const text = await lag.innerText();
      assert.match(
        text,
        new RegExp(
          `Consumer lag 1,200 on ${topic.replace(/\./g, "\\.")} partition 0`,
        ),
      );
      assert.match(text, /since \d\d:\d\d:\d\d UTC/);
      await page.locator(alertItem("no_members")).waitFor({ timeout: 10_000 });
      await page.locator(alertItem("partition_stalled")).waitFor({
        timeout: 15_000,
      });
      assert.match(
        await page.locator('[data-testid="alert-count"]').innerText(),
        /\d alerts/,
      );
      const stalledCell = page.locator(
        `[data-testid="lag-cell"][data-topic="${topic}"][data-partition="0"]`,
      );
      assert.equal(await stalledCell.getAttribute("data-state"), "stalled");
      const figures = await lagFigures(page);
      assert.equal(figures.cells, 15, "every partition of the five topics");
      assert.equal(figures.card, 1_200);
      assert.equal(figures.panel, figures.card, "card and panel agree");
      await page.screenshot({
        path: new URL("alerts-raised.png", ARTIFACTS).pathname,
        fullPage: true,
      });

      // The group "catches up": its committed offset reaches the end of the partition.
      await t.admin.setOffsets({
        groupId: config.PROCESSOR_GROUP_ID,
        topic,
        partitions: [{ partition: 0, offset: "1200" }],
      });
      await page.waitForSelector(alertItem("consumer_lag"), {
        state: "detached",
        timeout: 30_000,
      });
      // KafkaJS sets offsets through a short-lived member of the group, which
      // owns only this topic: the page may show it as unowned partitions for a poll.
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="alert"]').length === 0,
        undefined,
        { timeout: 30_000 },
      );
      assert.equal(
        await page.locator('[data-testid="alert-count"]').innerText(),
        "no alerts",
      );
      const cleared = page.locator(
        '[data-testid="cleared-alerts"] [data-rule="consumer_lag"]',
      );
      assert.match(await cleared.innerText(), /^Cleared at .* Consumer lag/);
      assert.equal(await stalledCell.getAttribute("data-state"), "ok");
      const after = await lagFigures(page);
      assert.equal(after.card, 0);
      assert.equal(after.panel, 0);
    } finally {
      await browser.close();
      await dashboard.shutdown();
      await t.cleanup();
    }
  },
  120_000,
);

import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startDashboard } from "../../services/dashboard/server.ts";
import { createLogger } from "../../shared/log.ts";
import { createProducer } from "../../shared/kafka.ts";
import type { SearchPerformed } from "../../shared/schemas/events.ts";
import { integrationTest, withTestTopics } from "../integration/fixture.ts";
import { ARTIFACTS, launchChromium } from "./browser.ts";
import { type Service, startService } from "./pipeline.ts";

const EVIL = `<img src=x onerror="document.title='pwned'">`;

const text = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"]`).first().innerText();

/** Waits until the element's text differs from `before`. */
function changed(page: Page, testId: string, before: string) {
  return page.waitForFunction(
    ([id, old]) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent !== old,
    [testId, before] as const,
    { timeout: 90_000 },
  );
}

/** Waits until the element's text is none of `values`. */
function notOneOf(page: Page, testId: string, values: string[]) {
  return page.waitForFunction(
    ([id, old]) => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent;
      return text !== undefined && text !== null && !old.includes(text);
    },
    [testId, values] as const,
    { timeout: 120_000 },
  );
}

/** Searches for `query` that found nothing, as a shopper would send them. */
function evilSearches(count: number): SearchPerformed[] {
  return Array.from({ length: count }, (_, i) => ({
    event_id: crypto.randomUUID(),
    event_type: "search_performed",
    timestamp: new Date().toISOString(),
    user_id: `user-e2e-${i}`,
    session_id: `sess-e2e-${i}`,
    query: EVIL,
    results_count: 0,
    result_game_ids: [],
  }));
}

integrationTest(
  "the dashboard shows the live pipeline in a real browser, reacts to clicks, renders queries as text and follows a rebalance",
  async () => {
    const t = await withTestTopics("e2e-dashboard");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      LOG_LEVEL: "silent" as const,
    };
    const services: Service[] = [];
    const dashboard = await startDashboard(config, {
      logger: createLogger("dashboard", "silent"),
    });
    const browser = await launchChromium();
    const problems: string[] = [];
    try {
      services.push(
        await startService(
          "processor",
          config,
          ["--instance-id", "e2e-proc", "--workers", "1"],
          "e2e-processor",
        ),
        await startService(
          "producer",
          config,
          ["--rate", "200", "--seed", "7"],
          "e2e-producer",
        ),
      );
      const producer = createProducer(t.kafka);
      await producer.connect();
      await producer.send({
        topic: t.names.events.search_performed,
        acks: -1,
        messages: evilSearches(25).map((e) => ({
          key: e.user_id,
          value: JSON.stringify(e),
          headers: { event_type: e.event_type, schema_version: "1" },
        })),
      });
      await producer.disconnect();

      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(m.text());
      });
      await page.goto(dashboard.url);
      await page.waitForSelector(".conn.live", { timeout: 30_000 });

      // Figures appear: the processor's first windows reach the page.
      await notOneOf(page, "funnel-viewed", ["0"]);
      await notOneOf(page, "revenue-hour", ["$0.00"]);
      const revenue = await text(page, "revenue-hour");
      const viewed = await text(page, "funnel-viewed");
      assert.match(revenue, /^\$[\d,]+\.\d\d$/);
      assert.match(viewed, /^[\d,]+$/);
      // ...and change while the shoppers keep shopping.
      await changed(page, "funnel-viewed", viewed);
      await changed(page, "revenue-hour", revenue);

      const trending = page.locator('[data-testid="trending"]');
      assert.equal(await trending.getAttribute("data-by"), "views");
      await page.click('[data-testid="trend-purchases"]');
      await page.waitForSelector(
        '[data-testid="trending"][data-by="purchases"]',
      );
      assert.equal(
        await page.getAttribute(
          '[data-testid="trend-purchases"]',
          "aria-selected",
        ),
        "true",
      );

      await page.click('[data-testid="zero-queries"]');
      const queries = page.locator('[data-testid="queries"]');
      await page.waitForFunction(
        (evil) =>
          document.querySelector('[data-testid="queries"]')?.textContent
            ?.includes(evil),
        EVIL,
        { timeout: 60_000 },
      );
      assert.equal(await queries.locator("img").count(), 0);
      assert.notEqual(await page.title(), "pwned");

      await page.waitForSelector('[data-testid="members"] li', {
        timeout: 30_000,
      });
      await page.screenshot({
        path: new URL("dashboard-laptop.png", ARTIFACTS).pathname,
        fullPage: true,
      });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({
        path: new URL("dashboard-phone.png", ARTIFACTS).pathname,
        fullPage: true,
      });
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth - globalThis.innerWidth
      );
      assert.ok(
        overflow <= 0,
        `no horizontal scrolling on a phone (${overflow}px)`,
      );

      // A second processor joins: the Kafka panel shows the partitions split.
      await page.setViewportSize({ width: 1440, height: 900 });
      services.push(
        await startService(
          "processor",
          config,
          ["--instance-id", "e2e-proc-2", "--workers", "1"],
          "e2e-processor-2",
        ),
      );
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="members"] > li').length ===
            2,
        undefined,
        { timeout: 90_000 },
      );
      const owned = await page.locator('[data-testid="members"] > li .chip')
        .allInnerTexts();
      assert.ok(owned.length >= 2, `assignments shown: ${owned.join(" | ")}`);

      await dashboard.shutdown();
      await page.waitForSelector(".conn.reconnecting", { timeout: 15_000 });
      assert.match(await text(page, "connection"), /reconnecting/);
      assert.deepEqual(
        problems.filter((p) =>
          !/ERR_CONNECTION_REFUSED|EventSource|Failed to load resource/.test(p)
        ),
        [],
      );
    } finally {
      await browser.close();
      await dashboard.shutdown();
      await Promise.all(services.map((s) => s.stop()));
      await t.cleanup();
    }
  },
  240_000,
);

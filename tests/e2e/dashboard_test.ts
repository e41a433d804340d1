import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startDashboard } from "../../services/dashboard/server.ts";
import { createLogger } from "../../shared/log.ts";
import {
  produceMetrics,
  sampleRecords,
} from "../integration/dashboard_fixture.ts";
import { integrationTest, withTestTopics } from "../integration/fixture.ts";
import { ARTIFACTS, launchChromium } from "./browser.ts";

const EVIL = `<img src=x onerror="document.title='pwned'">`;

const text = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"]`).first().innerText();

/** Waits until the element's text differs from `before`. */
function changed(page: Page, testId: string, before: string) {
  return page.waitForFunction(
    ([id, old]) =>
      document.querySelector(`[data-testid="${id}"]`)?.textContent !== old,
    [testId, before] as const,
    { timeout: 30_000 },
  );
}

integrationTest(
  "the dashboard shows live figures in a real browser, reacts to clicks and renders queries as text",
  async () => {
    const t = await withTestTopics("e2e-dashboard");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      LOG_LEVEL: "silent" as const,
    };
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    await produceMetrics(
      t.kafka,
      t.names.metrics,
      sampleRecords({ endMs, minutes: 30, query: EVIL }),
    );
    const dashboard = await startDashboard(config, {
      logger: createLogger("dashboard", "silent"),
    });
    const browser = await launchChromium();
    const problems: string[] = [];
    try {
      await dashboard.replayed;
      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
      });
      page.on("pageerror", (e) => problems.push(String(e)));
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(m.text());
      });
      await page.goto(dashboard.url);
      await page.waitForSelector(".conn.live", { timeout: 30_000 });

      const revenue = await text(page, "revenue-hour");
      const viewed = await text(page, "funnel-viewed");
      assert.match(revenue, /^\$[\d,]+\.\d\d$/);
      assert.match(viewed, /^[\d,]+$/);
      assert.notEqual(viewed, "0");

      await produceMetrics(
        t.kafka,
        t.names.metrics,
        sampleRecords({ endMs, minutes: 2, scale: 7, query: EVIL }),
      );
      await changed(page, "revenue-hour", revenue);
      await changed(page, "funnel-viewed", viewed);

      const trending = page.locator('[data-testid="trending"]');
      assert.equal(await trending.getAttribute("data-by"), "views");
      const viewsTop = await trending.locator("td.title").first().innerText();
      await page.click('[data-testid="trend-purchases"]');
      await page.waitForSelector(
        '[data-testid="trending"][data-by="purchases"]',
      );
      const purchasesTop = await trending.locator("td.title").first()
        .innerText();
      assert.notEqual(purchasesTop, "");
      assert.equal(
        await page.getAttribute(
          '[data-testid="trend-purchases"]',
          "aria-selected",
        ),
        "true",
      );
      assert.ok(viewsTop.length > 0);

      const queries = page.locator('[data-testid="queries"]');
      assert.ok((await queries.innerText()).includes(EVIL));
      assert.equal(await queries.locator("img").count(), 0);
      assert.notEqual(await page.title(), "pwned");

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
      await t.cleanup();
    }
  },
  180_000,
);

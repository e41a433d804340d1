import assert from "node:assert/strict";
import { startDashboard } from "../../services/dashboard/server.ts";
import { findLab } from "../../services/labs/catalog.ts";
import { createLogger } from "../../shared/log.ts";
import { verifyResultPath } from "../../shared/verify_result.ts";
import { integrationTest, withTestTopics } from "../integration/fixture.ts";
import { PROCESSOR, produce, run, VERIFY } from "../integration/services.ts";
import { ARTIFACTS, launchChromium } from "./browser.ts";

// The docs' screenshots are rewritten only on request (UPDATE_DOCS_SCREENSHOTS=1).
const DOCS = Deno.env.get("UPDATE_DOCS_SCREENSHOTS") === "1"
  ? new URL("../../docs/", import.meta.url)
  : ARTIFACTS;

integrationTest(
  "the Labs page lists the labs, lab 5's first step gets its check mark once verify is exact under exactly-once, and the live page shows the semantics badge",
  async () => {
    const lab = findLab("semantics");
    assert.ok(lab);
    const t = await withTestTopics("e2e-labs");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      DASHBOARD_POLL_MS: 1_000,
      LOG_LEVEL: "silent" as const,
    };
    await produce(t, [
      "--known-answer",
      "--events",
      "1500",
      "--start",
      "2026-11-22T08:00:00Z",
    ]);
    const dashboard = await startDashboard(config, {
      logger: createLogger("dashboard", "silent"),
      labPollMs: 500,
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({
        viewport: { width: 1280, height: 1000 },
      });
      await page.goto(`${dashboard.url}/labs`);
      const row = page.locator('[data-lab="semantics"]');
      assert.match(await row.innerText(), new RegExp(`5\\s+${lab.title}`));
      assert.match(await row.innerText(), /exactly-once/);
      assert.match(
        await page.locator('[data-testid="verify"]').innerText(),
        /No deno task verify run/,
      );
      await row.getByRole("link", { name: lab.title }).click();
      await page.waitForURL(/\/labs\/semantics$/);

      // The page watches on open: once the baseline is taken, step 1 waits for a new verify run.
      await page.locator('[data-testid="lab-started"]').waitFor({
        timeout: 15_000,
      });
      const first = page.locator('[data-step="0"]');
      assert.equal(await first.getAttribute("data-status"), "waiting");
      assert.match(
        await first.locator('[data-testid="step-outcome"]').innerText(),
        /^waiting: no new deno task verify run yet/,
      );
      assert.equal(
        await page.locator('[data-step="0"] ul.commands code').count(),
        lab.steps[0].doIt.filter((l) => !/^[A-Z][a-z]+:\s/.test(l)).length,
      );

      await run(t, PROCESSOR, [
        "--semantics",
        "exactly-once",
        "--until-caught-up",
        "--drain",
      ]);
      await run(t, VERIFY, []);

      await page.locator('[data-step="0"][data-status="seen"]').waitFor({
        timeout: 20_000,
      });
      assert.match(
        await first.locator('[data-testid="step-outcome"]').innerText(),
        /^✓ verify exact after the crash: \d+ final records equal the batch at \d\d:\d\d:\d\d UTC/,
      );
      assert.equal(
        await page.locator('[data-step="1"]').getAttribute("data-status"),
        "waiting",
        "step 2 starts once step 1 is seen",
      );
      assert.match(
        await page.locator('[data-testid="verify"]').innerText(),
        /✓ verify ok.*\+0 counted twice · -0 lost/s,
      );
      const badge = page.locator('[data-testid="semantics"]');
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="semantics"]')?.textContent ===
            "exactly-once",
        undefined,
        { timeout: 15_000 },
      );
      assert.match(
        (await badge.getAttribute("title")) ?? "",
        /one Kafka transaction/,
      );
      await Deno.mkdir(DOCS, { recursive: true });
      await page.screenshot({ path: new URL("labs.png", DOCS).pathname });
      for (const path of ["/labs/semantics", "/labs"]) {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto(`${dashboard.url}${path}`);
        const overflow = await page.evaluate(() =>
          document.documentElement.scrollWidth - globalThis.innerWidth
        );
        assert.ok(overflow <= 0, `${path} scrolls sideways on a phone`);
      }
      await page.setViewportSize({ width: 1280, height: 1000 });
      assert.equal(
        await row.locator('[data-testid="lab-seen"]').innerText(),
        `1 of ${lab.steps.length} seen`,
      );
      await page.screenshot({
        path: new URL("labs-list.png", ARTIFACTS).pathname,
      });

      // The live page's header says the same, and its pipeline card has the verify run.
      await page.goto(dashboard.url);
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="semantics"]')?.textContent ===
            "exactly-once",
        undefined,
        { timeout: 15_000 },
      );
      assert.match(
        (await badge.getAttribute("class")) ?? "",
        /\bgood\b/,
      );
      await page.locator('[data-testid="verify"]', { hasText: "verify ok" })
        .waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
      await dashboard.shutdown();
      await Deno.remove(verifyResultPath(t.config.KAFKA_TOPIC_PREFIX)).catch(
        () => {},
      );
      await t.cleanup();
    }
  },
  180_000,
);

import assert from "node:assert/strict";
import { startDashboard } from "../../services/dashboard/server.ts";
import type { ActiveAlert } from "../../lib/monitor_types.ts";
import { createLogger } from "../../shared/log.ts";
import { pollUntil } from "../../shared/poll.ts";
import { type Service, startService } from "../e2e/pipeline.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

integrationTest(
  "a second generator with --speed 60 makes the event_time alert appear, naming the two clocks and the late events",
  async () => {
    const t = await withTestTopics("event-time");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      DASHBOARD_POLL_MS: 1_000,
      LOG_LEVEL: "silent" as const,
    };
    const dashboard = await startDashboard(config, {
      logger: createLogger("dashboard", "silent"),
    });
    const services: Service[] = [];
    const get = (path: string) => fetch(`${dashboard.url}${path}`);
    let alerts: ActiveAlert[] = [];
    const eventTime = async () => {
      alerts = (await (await get("/api/alerts")).json()).alerts;
      return alerts.find((a) => a.rule === "event_time");
    };
    try {
      services.push(
        await startService(
          "processor",
          config,
          ["--instance-id", "clock-proc"],
          "event-time-processor",
        ),
        await startService(
          "producer",
          config,
          ["--rate", "40", "--seed", "3"],
          "event-time-dev-producer",
        ),
      );
      // One clock: event time follows the wall clock and nothing is said.
      await pollUntil(async () => {
        const html = await (await get("/")).text();
        return /data-testid="watermark"/.test(html);
      }, { timeoutMs: 90_000, what: "a task's watermark on the page" });
      assert.equal(await eventTime(), undefined);

      services.push(
        await startService(
          "producer",
          config,
          ["--rate", "40", "--seed", "4", "--speed", "60"],
          "event-time-fast-producer",
        ),
      );
      // Until the new generator's first health report (every few seconds)
      // the alert can only say that no known clock explains the drift.
      const reason =
        /^Event time is \d+ (s|min) ahead of the wall clock.*2 generators write to the same topics.*--speed 1;.*--speed 60\)/;
      await pollUntil(
        async () => reason.test((await eventTime())?.reason ?? ""),
        { timeoutMs: 60_000, what: "the event_time alert naming both clocks" },
      );
      // Once a full minute of the dev generator's events has come in late,
      // the alert counts them too.
      await pollUntil(
        async () => /events were late/.test((await eventTime())?.reason ?? ""),
        { timeoutMs: 120_000, what: "the late events in the alert" },
      );
      const html = await (await get("/")).text();
      assert.match(html, /data-rule="event_time"/);
      assert.match(html, /generators write to the same topics/);
    } catch (error) {
      throw new Error(`${error} (alerts: ${JSON.stringify(alerts)})`);
    } finally {
      await Promise.all(services.map((s) => s.stop()));
      await dashboard.shutdown();
      await t.cleanup();
    }
  },
  300_000,
);

import assert from "node:assert/strict";
import { startDashboard } from "../../services/dashboard/server.ts";
import type { ActiveAlert } from "../../lib/monitor_types.ts";
import { createLogger } from "../../shared/log.ts";
import { ARTIFACTS } from "../e2e/browser.ts";
import { type Service, startService } from "../e2e/pipeline.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

/**
 * Calls `probe` every 250 ms until it returns a value, for at most
 * `timeoutMs`; returns the value and the time taken. `seen` describes the
 * last observation for the timeout's message.
 */
async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  seen: () => unknown = () => undefined,
): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  let last: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      const value = await probe();
      if (value !== undefined) return { value, ms: Date.now() - start };
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${
      last ? `: ${last}` : ""
    } (last seen: ${JSON.stringify(seen())})`,
  );
}

integrationTest(
  "the dashboard reports a SIGSTOPped processor's partitions as stalled, fails /healthz, drops its member and rates to zero, and clears all after SIGCONT",
  async () => {
    const t = await withTestTopics("monitoring");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      DASHBOARD_POLL_MS: 1_000,
      DASHBOARD_STALL_MS: 5_000,
      LOG_LEVEL: "silent" as const,
    };
    const dashboard = await startDashboard(config, {
      logger: createLogger("dashboard", "silent"),
    });
    const services: Service[] = [];
    const get = (path: string) => fetch(`${dashboard.url}${path}`);
    const alerts = async () =>
      (await (await get("/api/alerts")).json()).alerts as ActiveAlert[];
    const stalled = async () =>
      (await alerts()).find((a) => a.rule === "partition_stalled");
    const health = async () => {
      const res = await get("/healthz");
      return { status: res.status, body: await res.json() };
    };
    /** The figures the page shows, as the server renders them. */
    let lastPage: unknown;
    const page = async () => {
      const html = await (await get("/")).text();
      const figure = (id: string) =>
        html.match(new RegExp(`data-testid="${id}">([^<]*)<`))?.[1];
      const figures = {
        members: figure("group-members"),
        consumed: figure("consumed-rate"),
        eventsIn: figure("events-in"),
      };
      lastPage = figures;
      return figures;
    };
    const positive = (figure: string | undefined) =>
      figure !== undefined && /^[\d.,]+$/.test(figure) && Number(figure) > 0;
    const timings: Record<string, number> = {};
    try {
      services.push(
        await startService(
          "processor",
          config,
          // One member: the page's member count is the instance's.
          ["--instance-id", "mon-proc", "--workers", "1"],
          "monitoring-processor",
        ),
        await startService(
          "producer",
          config,
          ["--rate", "60", "--seed", "3"],
          "monitoring-producer",
        ),
      );
      const [processor] = services;
      // Healthy first: the processor has joined, reports its throughput, and keeps up.
      timings.healthy_ms = (await until(
        "a healthy pipeline",
        90_000,
        async () => {
          const h = await health();
          const p = await page();
          return h.status === 200 && p.members === "1" &&
              positive(p.eventsIn) && positive(p.consumed)
            ? true
            : undefined;
        },
        () => lastPage,
      )).ms;

      processor.signal("SIGSTOP");
      const found = await until("a stalled alert", 45_000, stalled);
      timings.stalled_after_sigstop_ms = found.ms;
      assert.ok(found.value.partitions!.length > 0);
      assert.ok(
        found.value.partitions!.every((p) =>
          p.startsWith(t.config.KAFKA_TOPIC_PREFIX)
        ),
      );
      assert.match(found.value.reason, /stalled/);
      assert.ok(Date.parse(found.value.since) <= Date.now());
      const failing = await health();
      assert.equal(failing.status, 503);
      assert.ok(failing.body.failing_rules.includes("partition_stalled"));
      assert.ok(failing.body.reasons.some((r: string) => /stalled/.test(r)));
      assert.equal(failing.body.broker_reachable, true);
      assert.equal(failing.body.consumer_running, true);

      // The stopped member leaves when its session (30 s) times out; rates fall to zero.
      const gone = await until(
        "no members and zero rates",
        45_000,
        async () => {
          const p = await page();
          return p.members === "0" && p.consumed === "0.0" &&
              p.eventsIn === "0.0"
            ? p
            : undefined;
        },
        () => lastPage,
      );
      timings.members_zero_after_sigstop_ms = found.ms + gone.ms;
      const metrics = await (await get("/metrics")).text();
      assert.match(metrics, /^pipeline_group_members 0$/m);
      assert.match(metrics, /^pipeline_alert\{rule="partition_stalled"\} 1$/m);
      assert.ok((await alerts()).some((a) => a.rule === "no_members"));

      processor.signal("SIGCONT");
      timings.cleared_after_sigcont_ms = (await until(
        "the stall and the 503 to clear",
        45_000,
        async () =>
          !(await stalled()) && (await health()).status === 200
            ? true
            : undefined,
      )).ms;
      const back = await page();
      assert.equal(back.members, "1");
      const cleared = (await (await get("/api/alerts")).json()).cleared as {
        rule: string;
      }[];
      assert.ok(cleared.some((c) => c.rule === "partition_stalled"));
    } finally {
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      await Deno.writeTextFile(
        new URL("monitoring-timings.json", ARTIFACTS),
        JSON.stringify(timings, null, 2) + "\n",
      );
      await Promise.all(services.map((s) => s.stop()));
      await dashboard.shutdown();
      await t.cleanup();
    }
  },
  240_000,
);

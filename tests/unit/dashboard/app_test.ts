import assert from "node:assert/strict";
import { createApp } from "../../../shared/web/app.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { ROOT } from "../../../services/dashboard/server.ts";
import { SseHub } from "../../../services/dashboard/sse_hub.ts";
import type { DashboardState } from "../../../services/dashboard/state.ts";
import type { MonitorState } from "../../../lib/monitor_types.ts";
import { createLogger } from "../../../shared/log.ts";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";
import { fakePages } from "./fake_pages.ts";
import { idleLabs } from "./fake_labs.ts";

const EVIL = '<img src=x onerror="alert(1)"></script><b>';
const NOW = Date.parse("2026-11-22T20:15:30.000Z");

/** A poll of a one-member group on store.game-views; partition 2 has lag 20. */
function monitorState(alerts: MonitorState["alerts"] = []): MonitorState {
  const lag = [0, 1, 2].map((partition) => ({
    topic: "store.game-views",
    partition,
    committed: 100,
    low: 0,
    high: 100 + 10 * partition,
    lag: 10 * partition,
    owner: partition === 2 ? null : "m1",
    stuck_since: partition ? NOW - 40_000 : null,
    stalled: partition === 2,
    unowned: false,
  }));
  return {
    group: {
      group_id: "analytics-processor",
      state: "Stable",
      protocol: "CoPartitionedSticky",
      members: [{
        member_id: "m1",
        client_id: "proc",
        client_host: "/127.0.0.1",
        assignment: { "store.game-views": [0, 1] },
      }],
      lag,
      total_lag: 30,
      polled_at: NOW,
      consumed_per_s: 12.5,
      produced_per_s: 13,
    },
    poll_error: null,
    alerts,
    cleared: [],
    evaluated_at: NOW,
  };
}

const STALLED = {
  rule: "partition_stalled" as const,
  reason: "1 partition(s) stalled: store.game-views/2 (lag 20)",
  partitions: ["store.game-views/2"],
  since: "2026-11-22T20:15:00.000Z",
};

async function setup(running = true, monitor = monitorState()) {
  const store = new MetricStore();
  const now = NOW;
  for (
    const r of sampleRecords({
      endMs: Date.parse("2026-11-22T20:15:00.000Z"),
      query: EVIL,
      emittedAt: now,
    })
  ) store.apply(r, now);
  const hub = new SseHub({ bootId: "t", snapshot: () => store.windows() });
  const bundleFile = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(bundleFile, "console.log('islands')");
  const state: DashboardState = {
    store,
    hub,
    consumer: { records: 1, invalid: 0, running, replayed: true },
    kafkaOverview: () => Promise.reject(new Error("no broker in unit tests")),
    monitor: () => monitor,
    brokerReachable: () => Promise.resolve(true),
    pages: fakePages(),
    labs: idleLabs(),
    startedAt: now,
    now: () => now,
  };
  const handle = await createApp({
    root: ROOT,
    state,
    bundle: () =>
      Promise.resolve({
        path: "/_islands/abc.js",
        file: bundleFile,
        islands: [],
      }),
    logger: createLogger("test", "silent"),
  });
  const get = (path: string, init?: RequestInit) =>
    handle(new Request(`http://localhost${path}`, init));
  return {
    get,
    hub,
    async [Symbol.asyncDispose]() {
      hub.close();
      await Deno.remove(bundleFile);
    },
  };
}

Deno.test("GET / renders the page with islands, their props and strict security headers", async () => {
  await using app = await setup();
  const res = await app.get("/");
  assert.equal(res.status, 200);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const html = await res.text();
  assert.match(html, /^<!DOCTYPE html><html lang="en">/);
  assert.match(html, /data-island="Dashboard" data-island-id="0"/);
  assert.match(html, /data-island="KafkaPanel" data-island-id="1"/);
  assert.match(
    html,
    /<script type="module" src="\/_islands\/abc\.js"><\/script>/,
  );
  const props = html.match(
    /<script type="application\/json" id="__island_props">(.*?)<\/script>/s,
  );
  assert.ok(props, "island props script present");
  assert.doesNotMatch(props[1], /</, "props JSON never contains a raw <");
  const parsed = JSON.parse(props[1]);
  assert.equal(parsed.length, 2);
  assert.equal(parsed[0].initial.id, "t-0");
  // The only executable scripts are the bundle: no inline script.
  assert.equal(
    [...html.matchAll(/<script(?![^>]*(type="application\/json"|src=))/g)]
      .length,
    0,
  );
});

Deno.test("GET / renders a malicious search query as text", async () => {
  await using app = await setup();
  const html = await (await app.get("/")).text();
  assert.ok(!html.includes("<img src=x"), "no raw img tag");
  assert.ok(html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;>"));
});

Deno.test("GET /api/metrics returns the snapshot as JSON", async () => {
  await using app = await setup();
  const res = await app.get("/api/metrics");
  assert.equal(res.headers.get("content-type"), "application/json");
  const body = await res.json();
  assert.equal(body.id, "t-0");
  const revenue = body.windows.filter((w: { metric: string }) =>
    w.metric === "revenue_per_minute"
  );
  assert.equal(revenue.length, 5);
  assert.equal(revenue[0].parts, 3);
});

Deno.test("GET /api/stream opens an event stream starting with a snapshot", async () => {
  await using app = await setup();
  const res = await app.get("/api/stream");
  assert.equal(
    res.headers.get("content-type"),
    "text/event-stream; charset=utf-8",
  );
  const reader = res.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.match(first, /^event: snapshot\nid: t-0\nretry: \d+\n/);
  assert.equal(app.hub.stats.clients, 1);
  await reader.cancel();
  assert.equal(app.hub.stats.clients, 0);
});

Deno.test("GET /api/stream resumes from the last_event_id query", async () => {
  await using app = await setup();
  app.hub.publish(app.hub.snapshot().windows.slice(0, 1));
  const res = await app.get("/api/stream?last_event_id=t-0");
  const reader = res.body!.getReader();
  let text = "";
  while (!text.includes("id: t-1")) {
    text += new TextDecoder().decode((await reader.read()).value);
  }
  assert.doesNotMatch(text, /event: snapshot/);
  await reader.cancel();
});

Deno.test("the app serves static files, 404s unknown paths and refuses traversal", async () => {
  await using app = await setup();
  const css = await app.get("/styles.css");
  assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
  await css.body?.cancel();
  for (
    const path of [
      "/nope",
      "/../deno.json",
      "/%2e%2e/deno.json",
      "/_islands/old.js",
    ]
  ) {
    const res = await app.get(path);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
  const bundle = await app.get("/_islands/abc.js");
  assert.match(bundle.headers.get("cache-control") ?? "", /immutable/);
  assert.equal(await bundle.text(), "console.log('islands')");
});

Deno.test("the app answers 405 for a method a route does not handle", async () => {
  await using app = await setup();
  const res = await app.get("/api/metrics", { method: "POST" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET");
  await res.body?.cancel();
});

Deno.test("GET /healthz is 503 while the consumer is not running", async () => {
  await using down = await setup(false);
  const res = await down.get("/healthz");
  assert.equal(res.status, 503);
  assert.equal((await res.json()).consumer_running, false);
  await using up = await setup(true);
  assert.equal((await up.get("/healthz")).status, 200);
});

Deno.test("GET /api/kafka reports a failure as 503 with the reason", async () => {
  await using app = await setup();
  const res = await app.get("/api/kafka");
  assert.equal(res.status, 503);
  assert.match((await res.json()).error, /no broker in unit tests/);
});

Deno.test("GET /metrics exposes figures in Prometheus text format", async () => {
  await using app = await setup();
  const text = await (await app.get("/metrics")).text();
  assert.match(text, /^# HELP dashboard_sse_clients /m);
  assert.match(text, /^dashboard_consumer_up 1$/m);
  assert.match(text, /^store_orders_last_minute \d+$/m);
  assert.match(
    text,
    /^pipeline_consumer_lag\{topic="store.game-views",partition="2"\} 20$/m,
  );
  assert.match(text, /^pipeline_alert\{rule="consumer_lag"\} 0$/m);
  assert.match(text, /^pipeline_group_members 1$/m);
});

Deno.test("GET /metrics exports the broker's lag, stalls and the alert states", async () => {
  await using app = await setup(true, monitorState([STALLED]));
  const text = await (await app.get("/metrics")).text();
  assert.match(
    text,
    /^pipeline_partition_stalled\{topic="store.game-views",partition="2"\} 1$/m,
  );
  assert.match(text, /^pipeline_alert\{rule="partition_stalled"\} 1$/m);
  assert.match(text, /^pipeline_consumed_per_second 12.5$/m);
});

Deno.test("GET /api/alerts lists the alerts that hold with rule, reason and since", async () => {
  await using app = await setup(true, monitorState([STALLED]));
  const body = await (await app.get("/api/alerts")).json();
  assert.deepEqual(body.alerts, [STALLED]);
  assert.deepEqual(body.cleared, []);
});

Deno.test("GET /healthz is 503 with the reasons while a partition is stalled, and keeps the readiness fields", async () => {
  await using app = await setup(true, monitorState([STALLED]));
  const res = await app.get("/healthz");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.deepEqual(body.reasons, [STALLED.reason]);
  assert.deepEqual(body.failing_rules, ["partition_stalled"]);
  assert.equal(body.broker_reachable, true);
  assert.equal(body.consumer_running, true);
  const lagOnly = { ...STALLED, rule: "consumer_lag" as const };
  await using lagging = await setup(true, monitorState([lagOnly]));
  assert.equal((await lagging.get("/healthz")).status, 200);
});

Deno.test("GET / shows every partition's broker lag with its owner and mark, and the alerts with since", async () => {
  await using app = await setup(true, monitorState([STALLED]));
  const html = await (await app.get("/")).text();
  const cells = [
    ...html.matchAll(
      /data-testid="lag-cell" data-topic="([^"]+)" data-partition="(\d)" data-state="(\w+)"/g,
    ),
  ].map((m) => `${m[2]}:${m[3]}`);
  assert.deepEqual(cells, ["0:ok", "1:ok", "2:stalled"]);
  assert.match(html, /data-testid="group-members">1</);
  assert.match(html, /data-testid="consumed-rate">12.5</);
  assert.match(html, /data-rule="partition_stalled">1 partition\(s\) stalled/);
  assert.match(html, /since 20:15:00 UTC/);
});

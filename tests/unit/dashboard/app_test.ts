import assert from "node:assert/strict";
import { createApp } from "../../../services/dashboard/app.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { ROOT } from "../../../services/dashboard/server.ts";
import { SseHub } from "../../../services/dashboard/sse_hub.ts";
import type { DashboardState } from "../../../services/dashboard/state.ts";
import { createLogger } from "../../../shared/log.ts";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";

const EVIL = '<img src=x onerror="alert(1)"></script><b>';

async function setup(running = true) {
  const store = new MetricStore();
  const now = Date.parse("2026-11-22T20:15:30.000Z");
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
    brokerReachable: () => Promise.resolve(true),
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
  assert.match(text, /^dashboard_alert_active\{rule="consumer_lag"\} 0$/m);
});

import assert from "node:assert/strict";
import { createApp } from "../../../shared/web/app.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { ROOT } from "../../../services/dashboard/server.ts";
import { SseHub } from "../../../services/dashboard/sse_hub.ts";
import type { DashboardState } from "../../../services/dashboard/state.ts";
import type { AccessPolicy } from "../../../services/dashboard/access.ts";
import { createLogger } from "../../../shared/log.ts";
import { fakePages } from "./fake_pages.ts";
import { idleLabs } from "./fake_labs.ts";

async function setup(access?: AccessPolicy) {
  const store = new MetricStore();
  const hub = new SseHub({ bootId: "t", snapshot: () => store.windows() });
  const bundleFile = await Deno.makeTempFile({ suffix: ".js" });
  const state: DashboardState = {
    store,
    hub,
    consumer: { records: 0, invalid: 0, running: true, replayed: true },
    kafkaOverview: () => Promise.reject(new Error("no broker in unit tests")),
    monitor: () => ({
      group: null,
      poll_error: null,
      alerts: [],
      cleared: [],
      evaluated_at: 0,
    }),
    brokerReachable: () => Promise.resolve(true),
    pages: fakePages(access),
    labs: idleLabs(),
    startedAt: 0,
    now: () => 0,
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
  return {
    get: (path: string, init?: RequestInit) =>
      handle(new Request(`http://localhost${path}`, init)),
    async [Symbol.asyncDispose]() {
      hub.close();
      await Deno.remove(bundleFile);
    },
  };
}

Deno.test("GET /topics/:topic shows JSON pretty, binary as hex and markup as text, newest first", async () => {
  await using app = await setup();
  const res = await app.get("/topics/store.searches?from=earliest");
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert/);
  assert.match(html, /ff fe 3c/);
  assert.match(html, /&quot;price&quot;: 9.99|"price": 9.99/);
  const order = [...html.matchAll(/data-offset="(\d+)"/g)].map((m) => m[1]);
  assert.deepEqual(order, ["2", "1", "0"]);
  assert.match(html, /3 shown, 3 scanned/);
});

Deno.test("GET /topics/:topic shows a search for <script> as text and says how many records it scanned", async () => {
  await using app = await setup();
  const q = encodeURIComponent("<script>");
  const html =
    await (await app.get(`/topics/store.searches?from=earliest&q=${q}`))
      .text();
  assert.doesNotMatch(html, /value="<script>"/);
  assert.match(html, /1 shown, 3 scanned/);
  assert.equal(
    (html.match(/<script/g) ?? []).length,
    2,
    "only the bundle and the props",
  );
});

Deno.test("GET /topics/:topic answers 400 with the reason for a bad offset", async () => {
  await using app = await setup();
  const res = await app.get("/topics/store.searches?from=offset&offset=-3");
  assert.equal(res.status, 400);
  assert.match(await res.text(), /offset must be a whole number/);
});

Deno.test("GET /groups lists the members' client ids, offsets and lag, and its JSON", async () => {
  await using app = await setup();
  const html = await (await app.get("/groups")).text();
  assert.match(html, /processor-proc-a/);
  assert.match(html, /clears in ~1 s/);
  const json = await (await app.get("/groups?format=json")).json();
  assert.equal(json.groups[0].partitions[0].lag, 2);
});

Deno.test("GET /dead-letters renders with no dead letters", async () => {
  await using app = await setup();
  const res = await app.get("/dead-letters");
  assert.equal(res.status, 200);
  assert.match(await res.text(), /No dead letters/);
});

Deno.test("pages that read topics need the token when the dashboard is not on loopback", async () => {
  await using app = await setup({ host: "0.0.0.0", token: "s3cret-token" });
  for (
    const path of [
      "/topics",
      "/topics/store.searches",
      "/groups",
      "/dead-letters",
    ]
  ) {
    const res = await app.get(path);
    assert.equal(res.status, 401, path);
    await res.body?.cancel();
  }
  const bearer = await app.get("/groups", {
    headers: { authorization: "Bearer s3cret-token" },
  });
  assert.equal(bearer.status, 200);
  await bearer.body?.cancel();
  const wrong = await app.get("/groups", {
    headers: { authorization: "Bearer nope-nope-nope" },
  });
  assert.equal(wrong.status, 401);
  await wrong.body?.cancel();
  const login = await app.get("/groups?token=s3cret-token&format=json");
  assert.equal(login.status, 303);
  assert.equal(login.headers.get("location"), "/groups?format=json");
  const cookie = login.headers.get("set-cookie") ?? "";
  assert.match(cookie, /HttpOnly; SameSite=Strict/);
  const withCookie = await app.get("/groups?format=json", {
    headers: { cookie: cookie.split(";")[0] },
  });
  assert.equal(withCookie.status, 200);
  await withCookie.body?.cancel();
  const live = await app.get("/healthz");
  assert.notEqual(live.status, 401, "the live dashboard stays open");
  await live.body?.cancel();
});

Deno.test("pages that read topics refuse on a non-loopback address without a token", async () => {
  await using app = await setup({ host: "192.168.1.20" });
  const res = await app.get("/topics");
  assert.equal(res.status, 403);
  assert.match(await res.text(), /set DASHBOARD_TOKEN/);
});

Deno.test("pages that read topics need no token on loopback", async () => {
  await using app = await setup({ host: "127.0.0.1", token: "s3cret-token" });
  const res = await app.get("/topics");
  assert.equal(res.status, 200);
  assert.match(await res.text(), /store\.searches/);
});

import assert from "node:assert/strict";
import { createApp } from "../../../shared/web/app.ts";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { ROOT } from "../../../services/dashboard/server.ts";
import { SseHub } from "../../../services/dashboard/sse_hub.ts";
import type { DashboardState } from "../../../services/dashboard/state.ts";
import type { AccessPolicy } from "../../../services/dashboard/access.ts";
import { LabWatchers } from "../../../services/labs/watch.ts";
import { findLab } from "../../../services/labs/catalog.ts";
import type { LabProgress } from "../../../lib/labs_types.ts";
import { createLogger } from "../../../shared/log.ts";
import { pollUntil } from "../../../shared/poll.ts";
import { sampleRecords } from "../../integration/dashboard_fixture.ts";
import { fakePages } from "./fake_pages.ts";
import { demoLab, snapshot, verifyResult } from "../labs/fake_lab.ts";

const NOW = Date.parse("2026-11-22T20:15:30.000Z");
const VERIFIED = verifyResult("2026-11-22T20:14:00.000Z", {
  expect: "exact",
  ok: false,
  extra: 12,
  lost: 0,
  failures: ["+12 events counted twice"],
});

async function setup(access?: AccessPolicy) {
  const store = new MetricStore();
  for (
    const r of sampleRecords({ endMs: NOW - 30_000, emittedAt: NOW - 1_000 })
  ) store.apply({ ...r, semantics: "at-least-once" }, NOW);
  const hub = new SseHub({ bootId: "t", snapshot: () => store.windows() });
  const world = { ends: 0 };
  const semantics = findLab("semantics")!;
  const labs = new LabWatchers({
    observe: () => ({
      take: () =>
        Promise.resolve(snapshot(Date.now(), { ends: { t: world.ends } })),
    }),
    labs: [demoLab, semantics],
    pollMs: 10,
    maxWatched: 1,
    logger: createLogger("test", "silent"),
  });
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
      evaluated_at: NOW,
      verify: VERIFIED,
    }),
    brokerReachable: () => Promise.resolve(true),
    pages: fakePages(access),
    labs,
    startedAt: NOW,
    now: () => NOW,
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
    world,
    labs,
    fetch: (path: string, init?: RequestInit) =>
      handle(new Request(`http://localhost${path}`, init)),
    async [Symbol.asyncDispose]() {
      hub.close();
      await labs.stop();
      await Deno.remove(bundleFile);
    },
  };
}

Deno.test("GET /labs lists every lab with its link, goal and guide, as text, with the last verify and the semantics badge", async () => {
  await using app = await setup();
  const res = await app.fetch("/labs");
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<a href="\/labs\/demo">Demo &lt;b>lab&lt;\/b><\/a>/);
  assert.match(html, /<a href="\/labs\/semantics">Delivery semantics<\/a>/);
  assert.match(html, /See &lt;script>alert\(1\)&lt;\/script> as text\./);
  assert.doesNotMatch(html, /<script>alert/);
  assert.match(html, /docs\/labs\/05-delivery-semantics\.md/);
  assert.match(html, /data-testid="semantics"[^>]*>at-least-once</);
  assert.match(html, /class="badge semantics warn"/);
  assert.match(html, /✗ verify failed/);
  assert.match(html, /\+12 counted twice · -0\s+lost · 120 final records/);
  assert.match(html, /aria-current="page">Labs</);
  const json = await (await app.fetch("/labs?format=json")).json();
  assert.deepEqual(json.labs.map((l: { id: string }) => l.id), [
    "demo",
    "semantics",
  ]);
});

Deno.test("GET /labs/:id shows the steps with their commands, the goal, and a guide not written yet; 404 for no such lab", async () => {
  await using app = await setup();
  const html = await (await app.fetch("/labs/semantics")).text();
  assert.match(html, /Lab 5: Delivery semantics/);
  assert.match(html, /data-island="LabWatch"/);
  assert.match(html, /1\. exactly-once: crash mid-commit, restart, verify/);
  assert.match(
    html,
    /<code>deno task process --semantics exactly-once --until-caught-up --drain<\/code>/,
  );
  assert.equal((html.match(/data-status="pending"/g) ?? []).length, 3);
  assert.match(html, /taking the baseline…/, "the page watches on open");
  assert.match(html, /<li class="note">Watch: the semantics badge/);
  assert.equal(app.labs.watched().length, 0, "rendering does not watch");
  const demo = await (await app.fetch("/labs/demo")).text();
  assert.match(demo, /docs\/labs\/00-not-written\.md is not written yet/);
  const missing = await app.fetch("/labs/nope");
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
});

Deno.test("GET /api/labs/:id?watch=1 starts the watch; the next polls show the baseline, then the first step seen", async () => {
  await using app = await setup();
  const get = async (query = "?watch=1") =>
    await (await app.fetch(`/api/labs/demo${query}`)).json() as LabProgress;
  const first = await get();
  assert.equal(first.watching, true);
  assert.equal(first.semantics, "at-least-once");
  assert.equal(
    first.verify?.extra,
    12,
    "the monitor's verify before a snapshot",
  );
  let view = first;
  await pollUntil(async () => (view = await get()).started_at !== null, {
    timeoutMs: 5_000,
    intervalMs: 10,
    what: "the baseline",
  });
  assert.equal(view.steps[0].status, "waiting");
  assert.equal(view.steps[0].detail, "no new records on t");
  app.world.ends = 2;
  await pollUntil(async () => (view = await get()).current === 1, {
    timeoutMs: 5_000,
    intervalMs: 10,
    what: "step 1 seen",
  });
  assert.equal(view.steps[0].status, "seen");
  assert.equal(view.steps[0].detail, "2 records <i>arrived</i>");
  assert.ok(view.steps[0].seen_at! >= view.started_at!);
  const busy = await app.fetch("/api/labs/semantics?watch=1");
  assert.equal(busy.status, 429, "one lab at a time in this setup");
  assert.match((await busy.json()).error, /1 labs are watched \(demo\)/);
  const unknown = await app.fetch("/api/labs/nope");
  assert.equal(unknown.status, 404);
  await unknown.body?.cancel();
});

Deno.test("POST /api/labs/:id/restart resets the baseline, and refuses a request from another site", async () => {
  await using app = await setup();
  const foreign = await app.fetch("/api/labs/demo/restart", {
    method: "POST",
    headers: { origin: "https://evil.example" },
  });
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
  assert.deepEqual(app.labs.watched(), [], "a refused restart watches nothing");
  const res = await app.fetch("/api/labs/demo/restart", {
    method: "POST",
    headers: { origin: "http://localhost" },
  });
  assert.equal(res.status, 200);
  const view = await res.json() as LabProgress;
  assert.equal(view.started_at, null);
  assert.equal(view.watching, true);
  const get = await app.fetch("/api/labs/demo/restart");
  assert.equal(get.status, 405);
  await get.body?.cancel();
});

Deno.test("the Labs pages and their API need the token off loopback, like the other pages that read topics", async () => {
  await using app = await setup({ host: "0.0.0.0", token: "s3cret" });
  for (const path of ["/labs", "/labs/demo", "/api/labs/demo?watch=1"]) {
    const res = await app.fetch(path);
    assert.equal(res.status, 401, path);
    await res.body?.cancel();
  }
  assert.deepEqual(app.labs.watched(), []);
  const ok = await app.fetch("/labs", {
    headers: { authorization: "Bearer s3cret" },
  });
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
});

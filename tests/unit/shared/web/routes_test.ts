import assert from "node:assert/strict";
import { routePattern, routeTable } from "../../../../shared/web/routes.ts";

Deno.test("routePattern() maps files to URL patterns the Fresh way", () => {
  assert.equal(routePattern("index.tsx"), "/");
  assert.equal(routePattern("healthz.ts"), "/healthz");
  assert.equal(routePattern("api/metrics.ts"), "/api/metrics");
  assert.equal(routePattern("api/index.ts"), "/api");
  assert.equal(routePattern("games/[id].tsx"), "/games/:id");
  assert.equal(routePattern("docs/[...rest].tsx"), "/docs/:rest*");
});

Deno.test("routePattern() skips special and non-module files", () => {
  assert.equal(routePattern("_app.tsx"), undefined);
  assert.equal(routePattern("api/_middleware.ts"), undefined);
  assert.equal(routePattern("README.md"), undefined);
});

Deno.test("routeTable() puts static segments before parameters and catch-alls", () => {
  const table = routeTable([
    "[...all].tsx",
    "games/[id].tsx",
    "games/top.tsx",
    "index.tsx",
    "_app.tsx",
  ]);
  const order = table.map((r) => r.pattern);
  assert.equal(order.length, 4);
  assert.ok(order.indexOf("/games/top") < order.indexOf("/games/:id"));
  assert.equal(order.at(-1), "/:all*");
});

Deno.test("routeTable() of the project's routes/ serves the dashboard's URLs", async () => {
  const { listModules } = await import("../../../../shared/web/routes.ts");
  const files = await listModules(
    new URL("../../../../routes", import.meta.url).pathname,
  );
  const patterns = routeTable(files).map((r) => r.pattern).sort();
  assert.deepEqual(patterns, [
    "/",
    "/api/alerts",
    "/api/kafka",
    "/api/labs/:id",
    "/api/labs/:id/restart",
    "/api/metrics",
    "/api/stream",
    "/api/topics/:topic/tail",
    "/dead-letters",
    "/groups",
    "/healthz",
    "/labs",
    "/labs/:id",
    "/metrics",
    "/topics",
    "/topics/:topic",
  ]);
});

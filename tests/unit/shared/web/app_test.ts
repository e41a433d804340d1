import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createApp } from "$fresh/server.ts";
import type { State } from "./fixture/routes/items/[id].tsx";

const FIXTURE = fileURLToPath(new URL("./fixture/", import.meta.url));

async function fixtureApp() {
  const errors: string[] = [];
  const bundleFile = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(bundleFile, "hydrate()");
  const handle = await createApp<State>({
    root: FIXTURE,
    state: { greeting: "Hello" },
    bundle: () =>
      Promise.resolve({
        path: "/_islands/f00.js",
        file: bundleFile,
        islands: [],
      }),
    logger: { error: (message) => errors.push(message) },
  });
  return {
    errors,
    get: (path: string, init?: RequestInit) =>
      handle(new Request(`http://localhost${path}`, init)),
    [Symbol.asyncDispose]: () => Deno.remove(bundleFile),
  };
}

Deno.test("createApp() renders a route's page in _app with its handler's data, params and the app's state", async () => {
  await using app = await fixtureApp();
  const res = await app.get("/items/7");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(res.headers.get("x-item"), "7");
  const html = await res.text();
  assert.match(
    html,
    /^<!DOCTYPE html><html lang="en"><head><title>\/items\/7</,
  );
  assert.match(html, /<h1>Hello item 7<\/h1>/);
});

Deno.test("createApp() marks each island with its props as inert JSON and loads only the bundle", async () => {
  await using app = await fixtureApp();
  const html = await (await app.get("/items/3")).text();
  assert.match(
    html,
    /<div class="island" data-island="Counter" data-island-id="0"><button type="button">&lt;b>count&lt;\/b> 3<\/button><\/div>/,
  );
  assert.ok(
    html.endsWith(
      '<script type="application/json" id="__island_props">[{"start":3,"label":"\\u003cb>count\\u003c/b>"}]</script><script type="module" src="/_islands/f00.js"></script></body></html>',
    ),
    html,
  );
});

Deno.test("createApp() serves the bundle as immutable and static files, and 404s the rest", async () => {
  await using app = await fixtureApp();
  const bundle = await app.get("/_islands/f00.js");
  assert.equal(
    bundle.headers.get("cache-control"),
    "public, max-age=31536000, immutable",
  );
  assert.equal(await bundle.text(), "hydrate()");
  const file = await app.get("/hello.txt");
  assert.equal(file.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(await file.text(), "hello\n");
  for (
    const path of [
      "/nope",
      "/items/none",
      "/_islands/old.js",
      "/../routes/boom.ts",
      "/%2e%2e/routes/boom.ts",
      "/%E0%A4%A",
    ]
  ) {
    const res = await app.get(path);
    assert.equal(res.status, 404, path);
    await res.body?.cancel();
  }
});

Deno.test("createApp() answers 405 with Allow for a method the route does not handle", async () => {
  await using app = await fixtureApp();
  const res = await app.get("/items/1", { method: "DELETE" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET");
  await res.body?.cancel();
});

Deno.test("createApp() answers 500 without the error's text and tells the logger", async () => {
  await using app = await fixtureApp();
  const res = await app.get("/boom");
  assert.equal(res.status, 500);
  assert.equal(await res.text(), "Internal error");
  assert.deepEqual(app.errors, ["request failed"]);
});

Deno.test("createApp() puts the security headers on every response, errors included", async () => {
  await using app = await fixtureApp();
  for (const path of ["/items/1", "/hello.txt", "/nope", "/boom"]) {
    const res = await app.get(path);
    await res.body?.cancel();
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
    assert.equal(res.headers.get("x-frame-options"), "DENY", path);
    assert.match(
      res.headers.get("content-security-policy") ?? "",
      /^default-src 'self'; script-src 'self';/,
      path,
    );
  }
});

import assert from "node:assert/strict";
import {
  dashboardUrl,
  describeExit,
  prefixLine,
} from "../../../services/dev/format.ts";

Deno.test("prefixLine() pads the label so that lines align", () => {
  const plain = { width: 9, index: 0, color: false };
  assert.equal(prefixLine("produce", "hello", plain), "[produce]   hello");
  assert.equal(prefixLine("dashboard", "hi", plain), "[dashboard] hi");
});

Deno.test("prefixLine() colours the label only, differently per service", () => {
  const a = prefixLine("produce", "x", { width: 7, index: 0, color: true });
  const b = prefixLine("process", "x", { width: 7, index: 1, color: true });
  assert.equal(a, "\x1b[36m[produce]\x1b[0m x");
  assert.notEqual(a.slice(0, 5), b.slice(0, 5));
});

Deno.test("dashboardUrl() builds http://host:port", () => {
  assert.equal(dashboardUrl("127.0.0.1", 8000), "http://127.0.0.1:8000");
  assert.equal(dashboardUrl("example.test", 80), "http://example.test:80");
});

Deno.test("dashboardUrl() shows localhost for a wildcard bind and brackets IPv6", () => {
  assert.equal(dashboardUrl("0.0.0.0", 8000), "http://localhost:8000");
  assert.equal(dashboardUrl("::", 8000), "http://localhost:8000");
  assert.equal(dashboardUrl("::1", 8000), "http://[::1]:8000");
});

Deno.test("describeExit() says clearly when a service ends unexpectedly", () => {
  assert.equal(
    describeExit("process", { code: 1, signal: null }, false),
    "process exited with code 1 unexpectedly; the other services keep running (Ctrl-C stops them)",
  );
  assert.match(
    describeExit("produce", { code: 0, signal: null }, false),
    /^produce exited with code 0 unexpectedly/,
  );
  assert.match(
    describeExit("dashboard", { code: 137, signal: "SIGKILL" }, false),
    /^dashboard was killed by SIGKILL unexpectedly/,
  );
});

Deno.test("describeExit() reports a requested stop plainly", () => {
  assert.equal(
    describeExit("produce", { code: 0, signal: null }, true),
    "produce stopped (exited with code 0)",
  );
  assert.equal(
    describeExit("produce", { code: 143, signal: "SIGTERM" }, true),
    "produce stopped (killed by SIGTERM)",
  );
});

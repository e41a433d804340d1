import assert from "node:assert/strict";
import { DAY_MS, durationMs, MINUTE_MS } from "../../../shared/time.ts";

Deno.test("durationMs() reads ms, s, m, h and bare seconds", () => {
  assert.equal(durationMs("500ms"), 500);
  assert.equal(durationMs("90s"), 90_000);
  assert.equal(durationMs("10m"), 10 * MINUTE_MS);
  assert.equal(durationMs("1.5h"), 5_400_000);
  assert.equal(durationMs("3"), 3_000);
});

Deno.test("durationMs() gives undefined for zero, negatives, unknown units and words", () => {
  for (const bad of ["0s", "-1m", "10d", "soon", ""]) {
    assert.equal(durationMs(bad), undefined, bad);
  }
});

Deno.test("DAY_MS is 24 hours of MINUTE_MS", () => {
  assert.equal(DAY_MS, 24 * 60 * MINUTE_MS);
  assert.equal(MINUTE_MS, 60_000);
});

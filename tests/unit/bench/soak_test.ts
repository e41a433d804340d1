import assert from "node:assert/strict";
import { trafficMultiplier } from "../../../services/producer/rate_controller.ts";
import {
  rssSlope,
  steadySchedule,
} from "../../../services/bench/stages/soak.ts";

Deno.test("steadySchedule() starts at a past weekday's evening peak with a base that gives the rate", () => {
  const now = Date.UTC(2026, 10, 29, 12, 0); // a Sunday
  const { start, baseRate } = steadySchedule(5_000, now);
  assert.equal(start, "2026-11-27T20:30:00.000Z"); // the Friday before
  const begin = Date.parse(start);
  for (const minutes of [0, 5, 10]) {
    const rate = baseRate * trafficMultiplier(begin + minutes * 60_000);
    assert.ok(Math.abs(rate - 5_000) < 50, `${rate} at +${minutes} min`);
  }
});

Deno.test("rssSlope() gives MB per minute and leaves out the warm-up", () => {
  const MB = 1024 * 1024;
  const samples = Array.from({ length: 10 }, (_, i) => ({
    at: i * 60_000,
    rss: { a: (i < 2 ? 500 : 100 + 2 * i) * MB },
    lag: 0,
  }));
  assert.equal(Math.round(rssSlope(samples, "a") * 1000) / 1000, 2);
  assert.equal(rssSlope(samples, "missing"), 0);
});

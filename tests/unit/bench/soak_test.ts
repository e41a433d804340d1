import assert from "node:assert/strict";
import { trafficMultiplier } from "../../../services/producer/rate_controller.ts";
import {
  rssPlateau,
  rssSlope,
  soakResults,
  steadySchedule,
  tailSamples,
} from "../../../services/bench/stages/soak.ts";

Deno.test("steadySchedule() starts at a past weekday's evening peak with a base that gives the rate", () => {
  const now = Date.UTC(2026, 10, 29, 12, 0); // a Sunday
  const { start, baseRate } = steadySchedule(5_000, now);
  assert.equal(start, "2026-11-27T20:24:00.000Z"); // the Friday before
  const begin = Date.parse(start);
  for (const minutes of [0, 5, 10]) {
    const rate = baseRate * trafficMultiplier(begin + minutes * 60_000);
    assert.ok(Math.abs(rate - 5_000) < 50, `${rate} at +${minutes} min`);
  }
});

Deno.test("rssSlope() gives MB per minute and leaves out the warm-up", () => {
  const samples = Array.from({ length: 10 }, (_, i) => ({
    at: i * 60_000,
    rss: { a: (i < 2 ? 500 : 100 + 2 * i) * MB },
    lag: 0,
  }));
  assert.equal(Math.round(rssSlope(samples, "a") * 1000) / 1000, 2);
  assert.equal(rssSlope(samples, "missing"), 0);
});

const MB = 1024 * 1024;

/** A 40-minute soak sampled every 10 s: the processor grows 20 MB/min for 30 minutes, then holds at 800 MB. */
function fortyMinutes() {
  return Array.from({ length: 241 }, (_, i) => {
    const minute = (i * 10) / 60;
    const processor = 200 + 20 * Math.min(minute, 30);
    return {
      at: i * 10_000,
      rss: { processor: processor * MB, producer: 90 * MB },
      lag: i === 100 ? 1_200 : 300,
    };
  });
}

Deno.test("steadySchedule() centres a 40-minute soak on the peak, so the rate stays within 1 %", () => {
  const now = Date.UTC(2026, 10, 27, 20, 40); // a Friday, 16 min past the peak
  const duration = 40 * 60_000;
  const { start, baseRate } = steadySchedule(5_000, now, duration);
  assert.equal(
    start,
    "2026-11-26T20:04:00.000Z",
    "the day before: it must be over by now",
  );
  const begin = Date.parse(start);
  assert.ok(begin + duration <= now);
  for (let minutes = 0; minutes <= 40; minutes += 5) {
    const rate = baseRate * trafficMultiplier(begin + minutes * 60_000);
    assert.ok(Math.abs(rate - 5_000) < 50, `${rate} at +${minutes} min`);
  }
});

Deno.test("rssSlope() and rssPlateau() look at the last 10 minutes of a long soak only", () => {
  const samples = fortyMinutes();
  assert.deepEqual(
    [tailSamples(samples)[0].at, tailSamples(samples).at(-1)!.at],
    [30 * 60_000, 40 * 60_000],
  );
  assert.equal(Math.abs(rssSlope(samples, "processor")) < 0.01, true);
  assert.equal(rssPlateau(samples, "processor"), 800);
  // The whole run after its warm-up would have shown the growth.
  assert.ok(rssSlope(samples.slice(0, 150), "processor") > 19);
});

Deno.test("soakResults() reports the slopes with their goal, the plateau and the maximum lag, and prints the verdict", () => {
  const lines: string[] = [];
  const results = soakResults(
    fortyMinutes(),
    ["producer", "processor"],
    (line) => lines.push(line),
  );
  assert.deepEqual(results.map((r) => [r.name, r.met]), [
    ["soak-rss-slope-producer", true],
    ["soak-rss-slope-processor", true],
    ["soak-rss-plateau-processor", true],
    ["soak-max-lag", false],
  ]);
  assert.equal(results[1].goal, "< 1 MB/min");
  assert.equal(results[1].note, "samples from 30 to 40 min");
  assert.equal(results[2].ours.median, 800);
  assert.equal(results[3].ours.median, 1_200);
  assert.deepEqual(lines, [
    "goal processor RSS slope < 1 MB/min over the last 10 min: met (0 MB/min, samples from 30 to 40 min; plateau 800 MB)",
  ]);
});

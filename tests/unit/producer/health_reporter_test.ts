import assert from "node:assert/strict";
import { createLogger } from "../../../shared/log.ts";
import {
  createHealthTracker,
  type ProducerHealthRecord,
} from "../../../services/producer/health.ts";
import { startHealthReporter } from "../../../services/producer/health_reporter.ts";
import { fakeClock } from "../fake_clock.ts";

const T0 = Date.parse("2026-11-22T20:15:00Z");

Deno.test("startHealthReporter() emits on its interval and once more on stop", async () => {
  const tracker = createHealthTracker("p-1", T0);
  const sent: ProducerHealthRecord[][] = [];
  let firstSend!: () => void;
  const ticked = new Promise<void>((resolve) => (firstSend = resolve));
  const clock = fakeClock({ start: T0 + 1_000 });
  const reporter = startHealthReporter({
    tracker,
    logger: createLogger("test", "silent"),
    intervalMs: 5,
    clock,
    send: (records) => {
      sent.push(records);
      firstSend();
      return Promise.resolve();
    },
  });
  clock.tick();
  await ticked;
  tracker.add({ sent: 9 }, T0 + 2_000);
  clock.set(T0 + 61_000);
  await reporter.stop();
  await reporter.stop();
  const last = sent.at(-1)!;
  assert.deepEqual(last.map((r) => [r.final, r.data.sent]), [[true, 9], [
    false,
    0,
  ]]);
  const count = sent.length;
  clock.tick();
  await reporter.stop();
  assert.equal(clock.timers, 0, "the interval is cancelled");
  assert.equal(sent.length, count, "nothing is sent after stop");
});

Deno.test("startHealthReporter() logs a failed send and keeps going", async () => {
  const warnings: string[] = [];
  const logger = {
    ...createLogger("test", "silent"),
    warn: (m: string) => warnings.push(m),
  };
  const reporter = startHealthReporter({
    tracker: createHealthTracker("p-1", T0),
    logger,
    intervalMs: 60_000,
    send: () => Promise.reject(new Error("broker down")),
  });
  await reporter.stop();
  assert.deepEqual(warnings, ["Cannot send producer health"]);
});

import assert from "node:assert/strict";
import {
  generateRecords,
  type ProducerRecord,
} from "../../../services/producer/model/generate.ts";
import { runProducer } from "../../../services/producer/run.ts";

const START = Date.parse("2026-11-22T08:00:00Z");

function records(count = Infinity) {
  return generateRecords({ seed: 1, startMs: START, count });
}

Deno.test("runProducer() sends exactly the limit, in order, in chunks", async () => {
  const sent: ProducerRecord[][] = [];
  let delivered = 0;
  const result = await runProducer({
    records: records(),
    limit: 10_000,
    chunkSize: 3000,
    signal: new AbortController().signal,
    send: (batch) => {
      sent.push(batch);
      return Promise.resolve();
    },
    onDelivered: (batch) => (delivered += batch.length),
    onFailed: () => assert.fail("no failure expected"),
  });
  assert.equal(result.fatal, undefined);
  assert.deepEqual(sent.map((b) => b.length), [3000, 3000, 3000, 1000]);
  assert.equal(delivered, 10_000);
  assert.deepEqual(
    sent.flat().map((r) => r.value),
    [...records(10_000)].map((r) => r.value),
  );
});

Deno.test("runProducer() never has more chunks in flight than allowed", async () => {
  let inFlight = 0, most = 0;
  await runProducer({
    records: records(5000),
    chunkSize: 500,
    maxInFlight: 2,
    signal: new AbortController().signal,
    send: async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
    },
    onDelivered: () => {},
    onFailed: () => {},
  });
  assert.equal(most, 2);
});

Deno.test("runProducer() counts failed chunks and gives up after repeated failures", async () => {
  const failed: number[] = [];
  const result = await runProducer({
    records: records(),
    chunkSize: 100,
    maxInFlight: 1,
    maxConsecutiveFailures: 3,
    signal: new AbortController().signal,
    send: () => Promise.reject(new Error("broker gone")),
    onDelivered: () => assert.fail("nothing is delivered"),
    onFailed: (batch) => failed.push(batch.length),
  });
  assert.deepEqual(failed, [100, 100, 100]);
  assert.match(String(result.fatal), /broker gone/);
});

Deno.test("runProducer() paces records to simulated time and stops on abort", async () => {
  const stop = new AbortController();
  let clock = 0;
  const sent: ProducerRecord[] = [];
  const run = runProducer({
    records: records(),
    pace: { startMs: START, speed: 1 },
    now: () => clock,
    lingerMs: 1,
    signal: stop.signal,
    send: (batch) => {
      sent.push(...batch);
      return Promise.resolve();
    },
    onDelivered: () => {},
    onFailed: () => {},
  });
  // Let the loop run a few turns at simulated second 10 of the fake clock.
  clock = 10_000;
  await new Promise((resolve) => setTimeout(resolve, 30));
  stop.abort();
  await run;
  assert.ok(sent.length > 0);
  assert.ok(
    sent.every((r) => r.simMs - START <= 10_000),
    "nothing sent ahead of time",
  );
  const due = [...records(2000)].filter((r) => r.simMs - START <= 10_000);
  assert.equal(sent.length, due.length, "everything due was sent");
});

Deno.test("runProducer() stops at its deadline", async () => {
  let clock = 0;
  const result = await runProducer({
    records: records(),
    durationMs: 1000,
    chunkSize: 100,
    now: () => (clock += 100),
    signal: new AbortController().signal,
    send: () => Promise.resolve(),
    onDelivered: () => {},
    onFailed: () => {},
  });
  assert.ok(result.elapsedMs >= 1000);
});

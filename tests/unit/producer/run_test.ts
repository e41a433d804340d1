import assert from "node:assert/strict";
import {
  generateRecords,
  type ProducerRecord,
} from "../../../services/producer/model/generate.ts";
import { runProducer } from "../../../services/producer/run.ts";
import { fakeClock } from "../fake_clock.ts";

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

Deno.test("runProducer() sends one chunk at a time, in order, while the next is generated", async () => {
  let sending = 0, most = 0, pulled = 0;
  const pulledWhenAcked: number[] = [];
  const source = records(5000);
  const counted: Iterator<ProducerRecord> = {
    next: () => {
      const next = source.next();
      if (!next.done) pulled++;
      return next;
    },
  };
  const firstOfEach: string[] = [];
  await runProducer({
    records: counted,
    chunkSize: 500,
    maxInFlight: 2,
    signal: new AbortController().signal,
    send: async (batch) => {
      most = Math.max(most, ++sending);
      firstOfEach.push(batch[0].value);
      await new Promise((resolve) => setTimeout(resolve, 1));
      pulledWhenAcked.push(pulled);
      sending--;
    },
    onDelivered: () => {},
    onFailed: () => {},
  });
  // Concurrent sendBatch calls may reorder a partition; the loop must not make them.
  assert.equal(most, 1);
  assert.deepEqual(
    firstOfEach,
    [...records(5000)].filter((_, i) => i % 500 === 0).map((r) => r.value),
  );
  // While each chunk was being acknowledged, the next one was generated.
  assert.deepEqual(
    pulledWhenAcked,
    pulledWhenAcked.map((_, k) => Math.min(5000, (k + 2) * 500)),
  );
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
  // The loop sleeps until the next record is due; the clock stops at
  // simulated second 10, and the loop's next sleep there ends the run.
  const clock = fakeClock({
    onSleep(ms, clock) {
      if (clock.now() >= 10_000) stop.abort();
      else clock.set(Math.min(clock.now() + ms, 10_000));
    },
  });
  const sent: ProducerRecord[] = [];
  const run = runProducer({
    records: records(),
    pace: { startMs: START, speed: 1 },
    clock,
    lingerMs: 1,
    signal: stop.signal,
    send: (batch) => {
      sent.push(...batch);
      return Promise.resolve();
    },
    onDelivered: () => {},
    onFailed: () => {},
  });
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
  let time = 0;
  const result = await runProducer({
    records: records(),
    durationMs: 1000,
    chunkSize: 100,
    clock: { ...fakeClock(), now: () => (time += 100) },
    signal: new AbortController().signal,
    send: () => Promise.resolve(),
    onDelivered: () => {},
    onFailed: () => {},
  });
  assert.ok(result.elapsedMs >= 1000);
});

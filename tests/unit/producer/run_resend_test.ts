import assert from "node:assert/strict";
import { runProducer } from "../../../services/producer/run.ts";
import type { ProducerRecord } from "../../../services/producer/model/generate.ts";

function* records(n: number): Generator<ProducerRecord> {
  for (let i = 0; i < n; i++) {
    yield {
      topic: "t",
      key: `user-${i}`,
      value: `{"i":${i}}`,
      eventType: "game_page_viewed",
      simMs: 0,
      bad: null,
    } as unknown as ProducerRecord;
  }
}

Deno.test("runProducer() sends a chunk again after a failed delivery and counts no failure when the resend succeeds", async () => {
  let attempts = 0;
  const delivered: number[] = [];
  const failed: number[] = [];
  const resent: number[] = [];
  const result = await runProducer({
    records: records(100),
    chunkSize: 100,
    maxInFlight: 1,
    signal: new AbortController().signal,
    send: () =>
      ++attempts === 1
        ? Promise.reject(new Error("connection lost"))
        : Promise.resolve(),
    onResend: (_batch, _error, attempt) => resent.push(attempt),
    onDelivered: (batch) => delivered.push(batch.length),
    onFailed: (batch) => failed.push(batch.length),
  });
  assert.equal(result.fatal, undefined);
  assert.deepEqual(resent, [1]);
  assert.deepEqual(delivered, [100]);
  assert.deepEqual(failed, []);
  assert.equal(attempts, 2);
});

Deno.test("runProducer() counts a chunk as failed only after its resends failed too", async () => {
  let attempts = 0;
  const failed: number[] = [];
  await runProducer({
    records: records(10),
    chunkSize: 10,
    maxInFlight: 1,
    resends: 2,
    signal: new AbortController().signal,
    send: () => {
      attempts++;
      return Promise.reject(new Error("broker gone"));
    },
    onDelivered: () => assert.fail("nothing is delivered"),
    onFailed: (batch) => failed.push(batch.length),
  });
  assert.equal(attempts, 3);
  assert.deepEqual(failed, [10]);
});

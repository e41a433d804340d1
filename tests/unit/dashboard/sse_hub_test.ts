import assert from "node:assert/strict";
import { SseHub } from "../../../services/dashboard/sse_hub.ts";
import type { MetricWindow } from "../../../lib/types.ts";

const decoder = new TextDecoder();

function window(revenue: number): MetricWindow {
  return {
    metric: "revenue_per_minute",
    window_start: "2026-11-22T20:15:00.000Z",
    window_end: "2026-11-22T20:16:00.000Z",
    final: false,
    parts: 1,
    value: { revenue, orders: 1, currency: "USD" },
    emitted_at: "2026-11-22T20:15:30.000Z",
    received_at: 1000,
  };
}

async function read(reader: ReadableStreamDefaultReader<Uint8Array>) {
  const { value, done } = await reader.read();
  assert.equal(done, false);
  return decoder.decode(value);
}

Deno.test("SseHub sends a snapshot with id and retry, then updates with increasing ids", async () => {
  const hub = new SseHub({
    bootId: "boot",
    snapshot: () => [window(1)],
    retryMs: 1500,
    now: () => 42,
  });
  const reader = hub.connect().getReader();
  const first = await read(reader);
  assert.match(first, /^event: snapshot\nid: boot-0\nretry: 1500\ndata: /);
  assert.deepEqual(JSON.parse(first.split("data: ")[1]), {
    id: "boot-0",
    windows: [window(1)],
  });
  hub.publish([window(2)]);
  const second = await read(reader);
  assert.equal(
    second,
    `event: update\nid: boot-1\ndata: ${
      JSON.stringify({ id: "boot-1", sent_at: 42, windows: [window(2)] })
    }\n\n`,
  );
  await reader.cancel();
  assert.equal(hub.stats.clients, 0);
  hub.close();
});

Deno.test("SseHub serialises an update once and queues the same bytes to every client", async () => {
  const hub = new SseHub({ snapshot: () => [] });
  const readers = [hub.connect().getReader(), hub.connect().getReader()];
  for (const r of readers) await r.read();
  hub.publish([window(3)]);
  const chunks = await Promise.all(readers.map((r) => r.read()));
  assert.ok(chunks[0].value === chunks[1].value, "same Uint8Array instance");
  hub.close();
});

Deno.test("SseHub resumes after Last-Event-ID without a snapshot", async () => {
  const hub = new SseHub({ bootId: "b", snapshot: () => [window(0)] });
  hub.publish([window(1)]);
  hub.publish([window(2)]);
  hub.publish([window(3)]);
  const reader = hub.connect("b-1").getReader();
  const text = (await read(reader)) + (await read(reader)) +
    (await read(reader));
  assert.match(text, /^retry: \d+\n\n/);
  assert.deepEqual([...text.matchAll(/^id: (.+)$/gm)].map((m) => m[1]), [
    "b-2",
    "b-3",
  ]);
  assert.doesNotMatch(text, /snapshot/);
  assert.equal(hub.stats.resumed, 1);
  hub.close();
});

Deno.test("SseHub sends a snapshot to an id from another run or beyond its history", async () => {
  const hub = new SseHub({ bootId: "b", snapshot: () => [], historyBytes: 1 });
  for (let i = 1; i <= 5; i++) hub.publish([window(i)]);
  for (const id of ["other-3", "b-1", "b-99", "garbage"]) {
    const reader = hub.connect(id).getReader();
    assert.match(await read(reader), /^event: snapshot\nid: b-5\n/);
    await reader.cancel();
  }
  hub.close();
});

Deno.test("SseHub sends heartbeats while clients are connected", async () => {
  const hub = new SseHub({ snapshot: () => [], heartbeatMs: 20 });
  const reader = hub.connect().getReader();
  await read(reader);
  assert.equal(await read(reader), ": heartbeat\n\n");
  await reader.cancel();
  hub.close();
});

Deno.test("SseHub drops a client whose queue outgrows the bound", async () => {
  const hub = new SseHub({ snapshot: () => [], maxQueuedBytes: 2_000 });
  const slow = hub.connect().getReader(); // never read past the snapshot
  const fast = hub.connect().getReader();
  await fast.read();
  for (let i = 0; i < 20; i++) {
    hub.publish([window(i)]);
    await fast.read();
  }
  assert.equal(hub.stats.dropped, 1);
  assert.equal(hub.stats.clients, 1);
  await assert.rejects(async () => {
    while (!(await slow.read()).done) { /* drain until the error */ }
  }, /too slow/);
  hub.close();
  assert.equal((await fast.read()).done, true);
});

Deno.test("SseHub.close() ends every stream and refuses new ones", async () => {
  const hub = new SseHub({ snapshot: () => [] });
  const reader = hub.connect().getReader();
  await reader.read();
  hub.close();
  assert.equal((await reader.read()).done, true);
  assert.equal((await hub.connect().getReader().read()).done, true);
});

Deno.test("SseHub sends a status event to every client and the latest one to each new client after its opening", async () => {
  const hub = new SseHub({ bootId: "boot", snapshot: () => [] });
  const early = hub.connect().getReader();
  await read(early);
  hub.status("monitor", { n: 1 });
  assert.equal(await read(early), 'event: monitor\ndata: {"n":1}\n\n');
  hub.status("monitor", { n: 2 });
  assert.equal(await read(early), 'event: monitor\ndata: {"n":2}\n\n');
  const late = hub.connect().getReader();
  assert.match(await read(late), /^event: snapshot\n/);
  assert.equal(await read(late), 'event: monitor\ndata: {"n":2}\n\n');
  assert.equal(hub.lastId, "boot-0", "status events do not move the id");
  await early.cancel();
  await late.cancel();
  hub.close();
});

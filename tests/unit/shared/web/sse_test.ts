import assert from "node:assert/strict";
import {
  formatSse,
  formatSseComment,
  sseResponse,
} from "../../../../shared/web/sse.ts";

Deno.test("formatSse() writes event, id, retry and data lines in order", () => {
  assert.equal(
    formatSse({ event: "update", id: "b-7", retry: 2000, data: '{"a":1}' }),
    'event: update\nid: b-7\nretry: 2000\ndata: {"a":1}\n\n',
  );
});

Deno.test("formatSse() splits multi-line data into several data lines", () => {
  assert.equal(
    formatSse({ data: "a\nb\r\nc" }),
    "data: a\ndata: b\ndata: c\n\n",
  );
});

Deno.test("formatSse() rejects a newline in the event or id", () => {
  assert.throws(() => formatSse({ data: "x", event: "a\nb" }), TypeError);
  assert.throws(() => formatSse({ data: "x", id: "1\r2" }), TypeError);
});

Deno.test("formatSseComment() makes a comment frame browsers ignore", () => {
  assert.equal(formatSseComment("heartbeat"), ": heartbeat\n\n");
});

Deno.test("sseResponse() streams the frames' exact bytes with the event-stream headers", async () => {
  const encoder = new TextEncoder();
  const frames = [
    formatSse({ event: "snapshot", id: "a-0", retry: 2000, data: "{}" }),
    formatSseComment("heartbeat"),
    formatSse({ event: "update", id: "a-1", data: "x\ny" }),
  ];
  const res = sseResponse(
    ReadableStream.from(frames.map((f) => encoder.encode(f))),
  );
  assert.equal(
    res.headers.get("content-type"),
    "text/event-stream; charset=utf-8",
  );
  assert.equal(res.headers.get("cache-control"), "no-store");
  assert.equal(res.headers.get("x-accel-buffering"), "no");
  assert.equal(
    await res.text(),
    "event: snapshot\nid: a-0\nretry: 2000\ndata: {}\n\n" +
      ": heartbeat\n\n" +
      "event: update\nid: a-1\ndata: x\ndata: y\n\n",
  );
});

Deno.test("sseResponse() cancels its source when the client goes away", async () => {
  const cancelled = Promise.withResolvers<unknown>();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(formatSse({ data: "1" })));
    },
    cancel: (reason) => cancelled.resolve(reason),
  });
  const res = sseResponse(body, { headers: { "cache-control": "no-cache" } });
  assert.equal(res.headers.get("cache-control"), "no-cache");
  const reader = res.body!.getReader();
  assert.equal(
    new TextDecoder().decode((await reader.read()).value),
    "data: 1\n\n",
  );
  await reader.cancel("client left");
  assert.equal(await cancelled.promise, "client left");
});

import assert from "node:assert/strict";
import {
  formatSse,
  formatSseComment,
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

import assert from "node:assert/strict";
import { SseParser } from "../../../services/bench/sse_reader.ts";

Deno.test("SseParser yields events split across chunks, with ids and names", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push("event: upd"), []);
  assert.deepEqual(parser.push('ate\nid: a-1\ndata: {"x":'), []);
  assert.deepEqual(parser.push("1}\n\n"), [
    { event: "update", data: '{"x":1}', id: "a-1" },
  ]);
});

Deno.test("SseParser joins multi-line data, skips comments and defaults the name", () => {
  const parser = new SseParser();
  const events = parser.push(": heartbeat\n\ndata: a\r\ndata: b\r\n\r\n");
  assert.deepEqual(events, [{ event: "message", data: "a\nb", id: undefined }]);
});

Deno.test("SseParser ignores a retry field and an event without data", () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push("retry: 2000\nevent: x\n\n"), []);
});

import assert from "node:assert/strict";
import { createLineSplitter } from "../../../shared/line_splitter.ts";

Deno.test("createLineSplitter() returns whole lines and keeps the partial rest", () => {
  const splitter = createLineSplitter();
  assert.deepEqual(splitter.push("one\ntw"), ["one"]);
  assert.deepEqual(splitter.push("o\nthree\n"), ["two", "three"]);
  assert.deepEqual(splitter.push(""), []);
  assert.deepEqual(splitter.flush(), []);
});

Deno.test("createLineSplitter() strips CRLF endings and keeps empty lines", () => {
  const splitter = createLineSplitter();
  assert.deepEqual(splitter.push("a\r\n\r\nb\n"), ["a", "", "b"]);
});

Deno.test("createLineSplitter().flush() returns an unfinished last line once", () => {
  const splitter = createLineSplitter();
  assert.deepEqual(splitter.push("no newline"), []);
  assert.deepEqual(splitter.flush(), ["no newline"]);
  assert.deepEqual(splitter.flush(), []);
});

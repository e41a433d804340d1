import assert from "node:assert/strict";
import { bytesText, recordView } from "../../../shared/record_text.ts";
import { record } from "./fake_fetcher.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

Deno.test("bytesText() pretty-prints UTF-8 JSON", () => {
  assert.deepEqual(bytesText(utf8('{"a":1,"b":[2]}')), {
    kind: "json",
    text: '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}',
    bytes: 15,
  });
});

Deno.test("bytesText() shows bytes that are not UTF-8 as hex", () => {
  const value = bytesText(new Uint8Array([0xff, 0x00, 0x41, 0xc3]));
  assert.equal(value.kind, "binary");
  assert.equal(value.text, "ff 00 41 c3");
});

Deno.test("bytesText() cuts long binary values and says how long they were", () => {
  const value = bytesText(new Uint8Array(10).fill(0xfe), { maxHexBytes: 3 });
  assert.equal(value.text, "fe fe fe … (10 bytes)");
});

Deno.test("bytesText() keeps text that is not JSON as text, control characters escaped", () => {
  assert.deepEqual(bytesText(utf8("{not json\u001b[31m")), {
    kind: "text",
    text: "{not json\\u001b[31m",
    bytes: 14,
  });
  assert.equal(
    bytesText(utf8("<script>x</script>")).text,
    "<script>x</script>",
  );
});

Deno.test("bytesText() names a null key or value", () => {
  assert.deepEqual(bytesText(null), { kind: "null", text: "null", bytes: 0 });
});

Deno.test("recordView() lists every header value, repeated names included", () => {
  const view = recordView(record(1, 7, "x", {
    headers: { a: [utf8("1"), utf8("2")], b: new Uint8Array([0xff]) },
  }));
  assert.deepEqual(
    view.headers.map((h) => [h.name, h.value.text]),
    [["a", "1"], ["a", "2"], ["b", "ff"]],
  );
  assert.equal(view.offset, "7");
});

import assert from "node:assert/strict";
import { parseFrom, parsePeekArgs } from "../../../services/peek/cli.ts";

Deno.test("parseFrom() reads earliest, latest, -N, an offset and an ISO time", () => {
  assert.deepEqual(parseFrom("earliest"), { kind: "earliest" });
  assert.deepEqual(parseFrom("latest"), { kind: "latest-minus", n: 0 });
  assert.deepEqual(parseFrom("-200"), { kind: "latest-minus", n: 200 });
  assert.deepEqual(parseFrom("42"), { kind: "offset", offset: 42n });
  assert.deepEqual(parseFrom("2026-11-22T08:00:00Z"), {
    kind: "time",
    time: Date.parse("2026-11-22T08:00:00Z"),
  });
  assert.throws(
    () => parseFrom("yesterday"),
    /Invalid --from: expected earliest/,
  );
});

Deno.test("parsePeekArgs() wants a topic and whole numbers", () => {
  assert.throws(() => parsePeekArgs([]), /expected a TOPIC/);
  assert.throws(() => parsePeekArgs(["t", "--limit", "0"]), /Invalid --limit/);
  const options = parsePeekArgs([
    "store.searches",
    "--partition",
    "1",
    "--json",
  ]);
  assert.equal(options.topic, "store.searches");
  assert.equal(options.partition, 1);
  assert.equal(options.limit, 20);
  assert.deepEqual(options.from, { kind: "latest-minus", n: 20 });
  assert.equal(options.json, true);
});

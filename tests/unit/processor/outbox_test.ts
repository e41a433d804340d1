import assert from "node:assert/strict";
import { Outbox } from "../../../services/processor/outbox.ts";

Deno.test("Outbox.drain() cuts sends under the byte limit and keeps order per topic", () => {
  const outbox = new Outbox();
  for (let i = 0; i < 10; i++) {
    outbox.add("a", { key: "k", value: "x".repeat(100) + i });
  }
  outbox.add("b", { key: "k", value: "y" });
  assert.equal(outbox.count, 11);
  const chunks = outbox.drain(400);
  assert.ok(chunks.length > 2);
  const values = chunks.flat().filter((t) => t.topic === "a")
    .flatMap((t) => t.messages.map((m) => String(m.value).slice(100)));
  assert.deepEqual(values, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  assert.equal(outbox.count, 0);
  assert.deepEqual(outbox.drain(), []);
});

import assert from "node:assert/strict";
import { classifyRecord } from "../../../services/processor/validate.ts";
import { at, cart, purchase, view } from "./events.ts";

const bytes = (value: unknown) =>
  new TextEncoder().encode(
    typeof value === "string" ? value : JSON.stringify(value),
  );

Deno.test("classifyRecord() accepts a valid event and parses its time", () => {
  const event = view(at(5), "s1");
  const verdict = classifyRecord(bytes(event), "game_page_viewed", 16_384);
  assert.equal(verdict.ok, true);
  if (verdict.ok) {
    assert.deepEqual(verdict.event, event);
    assert.equal(verdict.time, at(5));
  }
});

const reasonOf = (value: Uint8Array | null, type = "cart_action" as const) => {
  const verdict = classifyRecord(value, type, 1_000);
  assert.equal(verdict.ok, false);
  return verdict.ok ? "" : `${verdict.reason} ${verdict.detail}`;
};

Deno.test("classifyRecord() rejects every bad kind the generator makes", () => {
  const good = cart(at(1), "s1") as Record<string, unknown>;
  assert.match(
    reasonOf(bytes('{"event_type": "cart_action",')),
    /^invalid_json/,
  );
  const { session_id: _, ...missing } = good;
  assert.match(reasonOf(bytes(missing)), /^schema session_id:/);
  assert.match(reasonOf(bytes({ ...good, price: "12.99" })), /^schema price:/);
  assert.match(reasonOf(bytes({ ...good, price: -5 })), /^schema price:/);
  assert.match(
    reasonOf(bytes({ ...good, event_type: "refund_requested" })),
    /^unknown_type/,
  );
  assert.match(
    reasonOf(bytes({ ...good, padding: "x".repeat(2_000) })),
    /^oversized 2\d{3} bytes/,
  );
});

Deno.test("classifyRecord() rejects empty values, non-objects and events on the wrong topic", () => {
  assert.match(reasonOf(null), /^empty/);
  assert.match(reasonOf(bytes("[1,2]")), /^not_an_object/);
  assert.match(reasonOf(bytes("42")), /^not_an_object/);
  assert.match(reasonOf(bytes(view(at(1), "s"))), /^wrong_topic/);
});

Deno.test("classifyRecord() reports a purchase whose total is not the sum of its items", () => {
  const p = purchase(at(1), "s") as Record<string, unknown>;
  const reason = reasonOf(bytes({ ...p, total: 1 }), "purchase" as never);
  assert.match(reason, /^schema total: total must equal/);
});

import assert from "node:assert/strict";
import { parseDlqArgs } from "../../../services/dlq/cli.ts";
import { repairRecord } from "../../../services/dlq/repair.ts";
import { cart } from "../processor/events.ts";

const bytes = (value: unknown) =>
  new TextEncoder().encode(JSON.stringify(value));

Deno.test("repairRecord() turns a price sent as a string back into a number", () => {
  const event = cart(Date.parse("2026-11-22T08:00:00Z"), "s");
  const broken = {
    ...event,
    price: String((event as { price: number }).price),
  };
  const repair = repairRecord(bytes(broken));
  assert.equal(repair.ok, true);
  if (!repair.ok) return;
  assert.equal(repair.changed, true);
  assert.deepEqual(JSON.parse(repair.value), event);
});

Deno.test("repairRecord() refuses what it cannot repair without guessing", () => {
  const event = cart(Date.parse("2026-11-22T08:00:00Z"), "s");
  assert.equal(repairRecord(bytes({ ...event, user_id: 42 })).ok, false);
  assert.equal(repairRecord(new TextEncoder().encode('{"event_')).ok, false);
  assert.equal(repairRecord(null).ok, false);
  const { session_id: _gone, ...missing } = event;
  assert.equal(repairRecord(bytes(missing)).ok, false);
});

Deno.test("parseDlqArgs() wants the replay command and a valid --from", () => {
  assert.throws(() => parseDlqArgs([]), /expected replay/);
  assert.throws(
    () => parseDlqArgs(["replay", "--from", "yesterday"]),
    /Invalid --from/,
  );
  assert.deepEqual(parseDlqArgs(["replay", "--reason", "schema", "--fix"]), {
    help: false,
    reason: "schema",
    from: null,
    fix: true,
    dryRun: false,
  });
});

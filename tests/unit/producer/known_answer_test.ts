import assert from "node:assert/strict";
import { StoreEvent } from "../../../shared/schemas/events.ts";
import {
  KNOWN_GAMES,
  knownAnswerRecords,
} from "../../../services/producer/model/known_answer.ts";
import { parseCli } from "../../../services/producer/cli.ts";

Deno.test("knownAnswerRecords() makes exactly 1,000 views per game and one 10.00 purchase per 100 views each minute", () => {
  const start = Date.parse("2026-11-22T08:00:30Z");
  const minute = Date.parse("2026-11-22T08:00:00Z");
  const views = new Map<string, number>();
  let orders = 0;
  let revenue = 0;
  for (const record of knownAnswerRecords({ startMs: start })) {
    if (record.simMs >= minute + 60_000) break;
    const event = StoreEvent.parse(JSON.parse(record.value));
    assert.equal(record.simMs >= minute, true);
    if (event.event_type === "game_page_viewed") {
      views.set(event.game_id, (views.get(event.game_id) ?? 0) + 1);
    } else if (event.event_type === "purchase") {
      orders++;
      revenue += event.total;
    }
  }
  assert.equal(views.size, KNOWN_GAMES);
  for (const n of views.values()) assert.equal(n, 1_000);
  assert.equal(orders, 60);
  assert.equal(revenue, 600);
});

Deno.test("parseCli() takes --known-answer and refuses it with --bad-ratio", () => {
  assert.equal(parseCli(["--known-answer"]).knownAnswer, true);
  assert.throws(
    () => parseCli(["--known-answer", "--bad-ratio", "0.1"]),
    /--known-answer is a fixed load/,
  );
});

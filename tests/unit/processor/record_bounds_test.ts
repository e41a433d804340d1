import assert from "node:assert/strict";
import {
  MAX_QUERIES,
  windowRecords,
} from "../../../services/processor/records.ts";
import {
  applyEvent,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import { at, search } from "./events.ts";

Deno.test("windowRecords() keeps every record under 1 MB however many distinct queries a window has", () => {
  const state = newTaskState(30_000);
  for (let i = 0; i < 5_000; i++) {
    const query = `${i}`.padEnd(200, "€");
    applyEvent(state, search(at(1), `s-${i}`, query, []), at(1), []);
  }
  // One query searched twice: it must be among those kept.
  applyEvent(state, search(at(2), "s-x", "popular", []), at(2), []);
  applyEvent(state, search(at(2), "s-y", "popular", []), at(2), []);
  const [acc] = state.windows.values();
  for (const record of windowRecords(acc, 0, true, at(3))) {
    const bytes = new TextEncoder().encode(JSON.stringify(record)).length;
    assert.ok(bytes < 1_000_000, `${record.metric}: ${bytes} bytes`);
    if (record.metric !== "search_effectiveness") continue;
    assert.equal(Object.keys(record.data.queries).length, MAX_QUERIES);
    assert.equal(record.data.queries["popular"], 2);
    assert.equal(record.data.searches, 5_002);
  }
});

import assert from "node:assert/strict";
import { StoreEvent } from "../../../shared/schemas/events.ts";
import {
  MAX_ENTRY_BYTES,
  takeChanges,
} from "../../../services/processor/state_codec.ts";
import {
  applyEvent,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import { at, cart, purchase, search, view } from "./events.ts";

const utf8 = new TextEncoder();

/** The longest id the schema allows, in characters of three UTF-8 bytes each. */
function longId(i: number): string {
  return (String(i).padStart(6, "0") + "€".repeat(64)).slice(0, 64);
}

Deno.test("no sequence of valid events makes a session's changelog entry exceed the record limit", () => {
  const state = newTaskState(30_000);
  const session = "sess-poison";
  const apply = (event: StoreEvent, t: number) => {
    assert.ok(StoreEvent.safeParse(event).success);
    applyEvent(state, event, t, []);
  };
  let n = 0;
  for (let i = 0; i < 300; i++) {
    const t = at(i % 20);
    const ids = Array.from({ length: 100 }, () => longId(n++));
    apply(search(t, session, "q".repeat(200), ids), t);
    const game = { id: longId(n++), title: "T", price: 1 };
    // deno-lint-ignore no-explicit-any
    apply(view(t, session, game as any), t);
    // deno-lint-ignore no-explicit-any
    apply(cart(t, session, "add", game as any), t);
    // deno-lint-ignore no-explicit-any
    apply(purchase(t, session, [game, game, game] as any), t);
  }
  const entries = takeChanges(state, [0, 0, 0, 0, 0]);
  const entry = entries.find((e) => e.key === `s:${session}`)!;
  const bytes = utf8.encode(entry.key + entry.value).length;
  assert.ok(bytes < MAX_ENTRY_BYTES / 2, `${bytes} bytes`);
  assert.ok(state.dropped > 0, "the caps' drops are counted");
});

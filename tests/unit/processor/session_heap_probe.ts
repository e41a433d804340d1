/**
 * Prints the JavaScript heap a task's state keeps per live session after
 * applying the soak's steady 5,000 events/s. Run with
 * `--v8-flags=--expose-gc` in a fresh process (session_prune_test.ts does),
 * so nothing else on the heap is counted.
 */
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import { generateEvents } from "../../../services/producer/model/generate.ts";
import { takeChanges } from "../../../services/processor/state_codec.ts";
import {
  applyEvent,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";

const gc = (globalThis as unknown as { gc?: () => void }).gc;
if (!gc) throw new Error("Run with --v8-flags=--expose-gc");
const count = Number(Deno.args[0] ?? 60_000);
const utf8 = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Bytes, as the processor receives them: they live outside the JS heap. Made
 * in a function so no temporary of the generator stays in this frame.
 */
function makeRecords(): Uint8Array[] {
  return [
    ...generateEvents({
      seed: 11,
      count,
      rate: 5_000,
      startMs: Date.parse("2026-11-23T20:30:00Z"),
    }),
  ].map((event) => utf8.encode(JSON.stringify(event)));
}

const records = makeRecords();
gc();
gc();
const before = Deno.memoryUsage().heapUsed;
const state = newTaskState(30_000);
const closed: WindowAcc[] = [];
for (const record of records) {
  const event = JSON.parse(decoder.decode(record)) as StoreEvent;
  applyEvent(state, event, Date.parse(event.timestamp), closed);
}
takeChanges(state, [0]);
closed.length = 0;
gc();
gc();
const heap = Deno.memoryUsage().heapUsed - before;
console.log(JSON.stringify({
  records: records.length,
  sessions: state.sessions.size,
  bytesPerSession: Math.round(heap / state.sessions.size),
}));

import assert from "node:assert/strict";
import { generateEvents } from "../../../services/producer/model/generate.ts";

/** The longest pause between two events of one session, over a generated run. */
function longestPause(sessionGapMs?: number): number {
  const last = new Map<string, number>();
  let longest = 0;
  for (
    const event of generateEvents({ seed: 9, count: 20_000, sessionGapMs })
  ) {
    const t = Date.parse(event.timestamp);
    const before = last.get(event.session_id);
    if (before !== undefined) longest = Math.max(longest, t - before);
    last.set(event.session_id, t);
  }
  return longest;
}

Deno.test("the generator starts a new session rather than pause one for the session gap", () => {
  // At the default 30 minutes nothing changes; with 20 s, some shoppers
  // would otherwise pause longer than that within one session.
  assert.ok(longestPause() > 20_000);
  assert.ok(longestPause(20_000) < 20_000);
});

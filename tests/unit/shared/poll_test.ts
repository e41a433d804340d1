import assert from "node:assert/strict";
import { TimeoutError } from "../../../shared/deadline.ts";
import { pollUntil } from "../../../shared/poll.ts";

Deno.test("pollUntil() returns once the check holds", async () => {
  let calls = 0;
  await pollUntil(() => ++calls === 3, {
    timeoutMs: 5_000,
    intervalMs: 1,
    what: "three calls",
  });
  assert.equal(calls, 3);
});

Deno.test("pollUntil() gives up after the bound with a TimeoutError naming what it waited for", async () => {
  await assert.rejects(
    pollUntil(() => false, {
      timeoutMs: 20,
      intervalMs: 5,
      what: "the topic to be deleted",
    }),
    (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(
        error.message,
        "Gave up waiting for the topic to be deleted after 20 ms",
      );
      return true;
    },
  );
});

Deno.test("pollUntil() ends with the check's own error", async () => {
  await assert.rejects(
    pollUntil(() => Promise.reject(new Error("broker gone")), {
      timeoutMs: 5_000,
      what: "anything",
    }),
    /broker gone/,
  );
});

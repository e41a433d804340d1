import assert from "node:assert/strict";
import {
  deadline,
  settledWithin,
  TimeoutError,
} from "../../../shared/deadline.ts";

const never = () => new Promise<never>(() => {});

Deno.test("deadline() settles like the promise when it is in time", async () => {
  assert.equal(await deadline(Promise.resolve(7), 1_000), 7);
  await assert.rejects(
    deadline(Promise.reject(new RangeError("bad")), 1_000),
    RangeError,
  );
});

Deno.test("deadline() rejects with a TimeoutError and the message when time is up", async () => {
  await assert.rejects(
    deadline(never(), 5, { message: "No answer from the broker" }),
    (error: unknown) => {
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.message, "No answer from the broker");
      return true;
    },
  );
  let state = "before";
  const late = deadline(never(), 5, { message: () => `state ${state}` });
  state = "at the deadline";
  await assert.rejects(late, /^TimeoutError: state at the deadline$/);
});

// Deno's op sanitizer fails this test if deadline() leaves its timer running.
Deno.test("deadline() clears its timer once the promise settles", async () => {
  await deadline(Promise.resolve(), 60_000);
});

Deno.test("settledWithin() says whether the promise fulfilled in time", async () => {
  assert.equal(await settledWithin(Promise.resolve(), 1_000), true);
  assert.equal(await settledWithin(never(), 5), false);
  await assert.rejects(settledWithin(Promise.reject(new Error("x")), 5), /x/);
});

import assert from "node:assert/strict";
import { retryMovedStart } from "../../../services/labs/probes.ts";

const moved = () =>
  Object.assign(new Error("The requested offset is not within the range"), {
    type: "OFFSET_OUT_OF_RANGE",
  });

Deno.test("retryMovedStart() reads again when the records it asked for were deleted meanwhile", async () => {
  let calls = 0;
  const value = await retryMovedStart(() => {
    calls++;
    return calls < 3 ? Promise.reject(moved()) : Promise.resolve("read");
  });
  assert.equal(value, "read");
  assert.equal(calls, 3);
});

Deno.test("retryMovedStart() gives up after its attempts, and rethrows other errors at once", async () => {
  let calls = 0;
  await assert.rejects(
    retryMovedStart(() => {
      calls++;
      return Promise.reject(moved());
    }, 2),
    /not within the range/,
  );
  assert.equal(calls, 2);
  calls = 0;
  await assert.rejects(
    retryMovedStart(() => {
      calls++;
      return Promise.reject(new TypeError("broken"));
    }),
    TypeError,
  );
  assert.equal(calls, 1);
});

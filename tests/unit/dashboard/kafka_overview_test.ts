import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { AssignerProtocol } from "kafkajs";
import { decodeAssignment } from "../../../services/monitor/assignment.ts";

const encoded = (assignment: Record<string, number[]>) =>
  AssignerProtocol.MemberAssignment.encode({
    version: 0,
    assignment,
    userData: Buffer.from("custom"),
  });

Deno.test("decodeAssignment() reads a standard member assignment", () => {
  assert.deepEqual(decodeAssignment(encoded({ "store.purchases": [2, 0] })), {
    assignment: { "store.purchases": [0, 2] },
  });
});

Deno.test("decodeAssignment() reports undecodable bytes instead of throwing", () => {
  const result = decodeAssignment(Buffer.from([0, 1, 2]));
  assert.ok("error" in result);
  assert.deepEqual(decodeAssignment(null), { assignment: {} });
  assert.deepEqual(decodeAssignment(Buffer.alloc(0)), { assignment: {} });
});

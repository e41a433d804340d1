import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { AssignerProtocol } from "kafkajs";
import {
  decodeAssignment,
  groupView,
} from "../../../services/dashboard/kafka_overview.ts";

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

Deno.test("groupView() computes lag per partition and names each partition's owner", () => {
  const view = groupView({
    groupId: "g",
    state: "Stable",
    protocol: "custom",
    members: [
      {
        memberId: "m2",
        clientId: "proc-b",
        clientHost: "/127.0.0.1",
        memberAssignment: encoded({ t: [1] }),
      },
      {
        memberId: "m1",
        clientId: "proc-a",
        clientHost: "/127.0.0.1",
        memberAssignment: Buffer.from("garbage!"),
      },
    ],
    offsets: [{
      topic: "t",
      partitions: [{ partition: 0, offset: "-1" }, {
        partition: 1,
        offset: "40",
      }],
    }],
    highs: { t: { 0: 7, 1: 100 } },
  });
  assert.deepEqual(view.members.map((m) => m.client_id), ["proc-a", "proc-b"]);
  assert.ok(view.members[0].assignment_error);
  assert.deepEqual(view.lag, [
    { topic: "t", partition: 0, committed: null, high: 7, lag: 7, owner: null },
    {
      topic: "t",
      partition: 1,
      committed: 40,
      high: 100,
      lag: 60,
      owner: "m2",
    },
  ]);
  assert.equal(view.total_lag, 67);
});

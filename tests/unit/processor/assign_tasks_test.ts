import assert from "node:assert/strict";
import { assignTasks } from "../../../services/processor/assign_tasks.ts";

const plan = (members: [string, number[]][], tasks = 3) =>
  Object.fromEntries(
    assignTasks(
      members.map(([memberId, owned]) => ({ memberId, owned })),
      tasks,
    ),
  );

Deno.test("assignTasks() gives one member every task", () => {
  assert.deepEqual(plan([["a", []]]), { a: [0, 1, 2] });
});

Deno.test("assignTasks() balances new members and agrees whatever the member order", () => {
  const one = plan([["b", []], ["a", []]]);
  const two = plan([["a", []], ["b", []]]);
  assert.deepEqual(one, two);
  assert.deepEqual(
    Object.values(one).map((t) => t.length).sort(),
    [1, 2],
  );
  assert.deepEqual(Object.values(one).flat().sort(), [0, 1, 2]);
});

Deno.test("assignTasks() keeps tasks where they are when a member joins", () => {
  const result = plan([["a", [0, 1, 2]], ["b", []]]);
  assert.equal(result.a.length, 2);
  assert.ok(result.a.every((t) => [0, 1, 2].includes(t)));
  assert.equal(result.b.length, 1);
  assert.ok(!result.a.includes(result.b[0]));
});

Deno.test("assignTasks() hands a leaving member's tasks to the others and never twice", () => {
  const result = plan([["a", [0]], ["c", [1, 0]]]);
  assert.deepEqual(Object.values(result).flat().sort(), [0, 1, 2]);
  assert.deepEqual(result.a.includes(0), true);
});

Deno.test("assignTasks() leaves extra members idle when there are more members than tasks", () => {
  const result = plan([["a", []], ["b", []], ["c", []], ["d", []]]);
  assert.deepEqual(Object.values(result).flat().sort(), [0, 1, 2]);
  assert.equal(Object.values(result).filter((t) => t.length === 0).length, 1);
});

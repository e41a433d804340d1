import assert from "node:assert/strict";
import {
  EVENT_TOPIC_BASES,
  STORE_PARTITIONS,
  topicNames,
  topicSpecs,
} from "../../../shared/topics.ts";
import { EVENT_TYPES } from "../../../shared/schemas/events.ts";

const DAY_MS = 86_400_000;

Deno.test("topicSpecs() describes the eight topics with their exact names, partitions and retention", () => {
  const table = topicSpecs().map((
    s,
  ) => [s.name, s.partitions, s.retentionMs / DAY_MS]);
  assert.deepEqual(table, [
    ["store.game-views", 3, 7],
    ["store.wishlist-events", 3, 7],
    ["store.cart-events", 3, 7],
    ["store.purchases", 3, 7],
    ["store.searches", 3, 7],
    ["store.dead-letter", 1, 90],
    ["analytics.enriched-events", 3, 30],
    ["analytics.metrics", 1, 30],
  ]);
});

Deno.test("topicSpecs() compresses the raw store topics with snappy and only those", () => {
  for (const spec of topicSpecs()) {
    const expected = spec.name.startsWith("store.") &&
        spec.name !== "store.dead-letter"
      ? { "compression.type": "snappy" }
      : {};
    assert.deepEqual(spec.configs, expected, spec.name);
  }
});

Deno.test("topicSpecs() applies the prefix to every topic", () => {
  const specs = topicSpecs("test-x.");
  assert.equal(specs.length, 8);
  for (const [i, spec] of specs.entries()) {
    assert.equal(spec.name, `test-x.${topicSpecs()[i].name}`);
  }
});

Deno.test("topicSpecs() uses the given replication factor, 1 by default", () => {
  assert.deepEqual(
    new Set(topicSpecs().map((s) => s.replicationFactor)),
    new Set([1]),
  );
  assert.deepEqual(
    new Set(topicSpecs("", 3).map((s) => s.replicationFactor)),
    new Set([3]),
  );
});

Deno.test("topicSpecs() gives every topic a purpose", () => {
  for (const spec of topicSpecs()) {
    assert.ok(spec.purpose.length > 0, spec.name);
  }
});

Deno.test("topicNames() maps each event type to its raw topic", () => {
  const names = topicNames("p.");
  assert.deepEqual(Object.keys(names.events).sort(), [...EVENT_TYPES].sort());
  assert.equal(names.events.purchase, "p.store.purchases");
  assert.equal(names.events.search_performed, "p.store.searches");
  assert.deepEqual(
    names.store,
    Object.values(EVENT_TOPIC_BASES).map((b) => `p.${b}`),
  );
  assert.equal(names.deadLetter, "p.store.dead-letter");
  assert.equal(names.enriched, "p.analytics.enriched-events");
  assert.equal(names.metrics, "p.analytics.metrics");
});

Deno.test("topicNames() and topicSpecs() agree on the names", () => {
  const names = topicNames("q-");
  assert.deepEqual(topicSpecs("q-").map((s) => s.name), [
    ...names.store,
    names.deadLetter,
    names.enriched,
    names.metrics,
  ]);
  assert.equal(STORE_PARTITIONS, 3);
});

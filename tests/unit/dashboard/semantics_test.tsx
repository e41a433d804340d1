import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { MetricStore } from "../../../services/dashboard/metric_store.ts";
import { latestSemantics } from "../../../lib/semantics.ts";
import { SemanticsBadge } from "../../../components/SemanticsBadge.tsx";
import type { MetricRecord } from "../../../shared/schemas/metrics.ts";

function health(
  partition: number,
  emitted: string,
  semantics?: MetricRecord["semantics"],
): MetricRecord {
  return {
    metric: "pipeline_health",
    window_start: "2026-11-22T20:15:00.000Z",
    window_end: "2026-11-22T20:16:00.000Z",
    partition,
    final: false,
    emitted_at: emitted,
    ...(semantics ? { semantics } : {}),
    data: {
      instance_id: "proc",
      records_in: {},
      records_out: {},
      dead_letters: 0,
      late_events: 0,
      errors: 0,
      lag: {},
      processing_ms: 1,
    },
  };
}

function producer(emitted: string): MetricRecord {
  return {
    metric: "producer_health",
    window_start: "2026-11-22T20:16:00.000Z",
    window_end: "2026-11-22T20:17:00.000Z",
    partition: 0,
    final: false,
    emitted_at: emitted,
    // A producer record never says, but a stray field must not count.
    semantics: "at-most-once",
    data: { instance_id: "prod", sent: 1, failed: 0, bad_events: 0 },
  };
}

Deno.test("MetricStore gives each window the semantics of its newest part", () => {
  const store = new MetricStore();
  store.apply(health(0, "2026-11-22T20:15:05.000Z", "exactly-once"), 0);
  store.apply(health(1, "2026-11-22T20:15:09.000Z", "at-least-once"), 0);
  store.apply(health(2, "2026-11-22T20:15:07.000Z", "exactly-once"), 0);
  assert.equal(store.windows()[0].semantics, "at-least-once");
  const old = new MetricStore();
  old.apply(health(0, "2026-11-22T20:15:05.000Z"), 0);
  assert.equal("semantics" in old.windows()[0], false);
});

Deno.test("latestSemantics() is the newest processor window's, leaving the producer's out", () => {
  const store = new MetricStore();
  assert.equal(latestSemantics(store.windows()), null);
  store.apply(health(0, "2026-11-22T20:15:05.000Z", "exactly-once"), 0);
  store.apply(producer("2026-11-22T20:16:30.000Z"), 0);
  assert.equal(latestSemantics(store.windows()), "exactly-once");
  store.apply(health(0, "2026-11-22T20:15:20.000Z", "at-most-once"), 0);
  assert.equal(latestSemantics(store.windows()), "at-most-once");
});

Deno.test("SemanticsBadge warns for the two semantics that are not exactly-once, and says what each means", () => {
  const exact = renderToString(<SemanticsBadge semantics="exactly-once" />);
  assert.match(exact, /class="badge semantics good"/);
  assert.match(exact, /nothing is counted twice and nothing is lost/);
  const twice = renderToString(<SemanticsBadge semantics="at-least-once" />);
  assert.match(twice, /class="badge semantics warn"/);
  assert.match(twice, /count them twice/);
  const lost = renderToString(<SemanticsBadge semantics="at-most-once" />);
  assert.match(lost, /class="badge semantics warn"/);
  assert.match(lost, /they are lost/);
  const none = renderToString(<SemanticsBadge semantics={null} />);
  assert.match(none, />semantics: –</);
});

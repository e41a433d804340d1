import assert from "node:assert/strict";
import {
  metricsView,
  parseExposition,
} from "../../../services/labs/metrics_scrape.ts";

const PAGE =
  `# HELP pipeline_group_members Members of the processor group, from the broker.
# TYPE pipeline_group_members gauge
pipeline_group_members 1
pipeline_consumer_lag{topic="store.purchases",partition="0"} 4
pipeline_consumer_lag{topic="store.purchases",partition="1"} 6
pipeline_dead_letters_last_hour 3
pipeline_alert{rule="no_members"} 1
pipeline_alert{rule="consumer_lag"} 0
store_top_searches{query="say \\"hi\\", then\\nleave"} 2

`;

Deno.test("parseExposition() reads names, labels with escapes and values, skipping comments", () => {
  const samples = parseExposition(PAGE);
  assert.equal(samples.length, 7);
  assert.deepEqual(samples[1], {
    name: "pipeline_consumer_lag",
    labels: { topic: "store.purchases", partition: "0" },
    value: 4,
  });
  assert.deepEqual(samples[6].labels, { query: 'say "hi", then\nleave' });
});

Deno.test("metricsView() sums the lag and keys the alerts by rule", () => {
  assert.deepEqual(metricsView("http://x/metrics", PAGE), {
    url: "http://x/metrics",
    members: 1,
    lagSeries: 2,
    totalLag: 10,
    alerts: { no_members: 1, consumer_lag: 0 },
    deadLetters: 3,
  });
});

Deno.test("metricsView() reports figures a page lacks as absent", () => {
  const view = metricsView("u", 'pipeline_alert{rule="no_members"} 0\n');
  assert.equal(view.members, null);
  assert.equal(view.deadLetters, null);
  assert.equal(view.lagSeries, 0);
});

/**
 * `deno task bench --quick --only process --runs 2` with the Kafka Streams peer: its
 * three metrics equal ours window by window, and the ratio row is printed.
 */
import assert from "node:assert/strict";
import { brokerConfig, integrationTest } from "./fixture.ts";
import type { BenchDocument } from "../../services/bench/results.ts";
import { PEER_METRICS } from "../../services/bench/peer/compare.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

integrationTest(
  "deno task bench --quick --only process --runs 2 measures ours against the Kafka Streams peer, whose metrics equal ours",
  async () => {
    const config = await brokerConfig();
    const out = await Deno.makeTempFile({ suffix: ".json" });
    try {
      const result = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "services/bench/main.ts",
          "--quick",
          "--only",
          "process",
          // Two interleaved runs: a median of each, in well under 90 s.
          "--runs",
          "2",
          "--out",
          out,
        ],
        cwd: ROOT,
        env: { KAFKA_BROKERS: config.KAFKA_BROKERS.join(","), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const output = new TextDecoder().decode(result.stdout) +
        new TextDecoder().decode(result.stderr);
      assert.equal(result.code, 0, output);
      const document = JSON.parse(
        await Deno.readTextFile(out),
      ) as BenchDocument;
      const names = document.results.map((r) => r.name);
      assert.deepEqual(names, [
        "process",
        "process-vs-streams",
        "process-rss",
        "process-vs-streams-rss",
      ]);

      assert.equal(document.machine.mode, "quick");
      for (const r of document.results) {
        assert.equal(r.ours.runs.length, 2, r.name);
        assert.ok(r.ours.runs.every((v) => v > 0), r.name);
      }
      const perf = document.results[0];
      assert.ok(perf.reference && perf.reference.median > 0);
      assert.ok(typeof perf.ratio === "number" && perf.ratio > 0);
      assert.equal(perf.goal, "ratio >= 0.5");
      assert.equal(document.results[2].reference, null);

      const streams = document.results[1];
      assert.equal(streams.reference?.runs.length, 2);
      assert.ok(streams.reference!.runs.every((v) => v > 0));
      assert.ok(typeof streams.ratio === "number" && streams.ratio > 0);
      assert.equal(streams.goal, "ratio >= 1");
      assert.equal(streams.met, streams.ratio >= 1);
      // The same runs of ours as the row against ConsumerPerformance.
      assert.deepEqual(streams.ours, document.results[0].ours);

      const check = streams.check!;
      assert.equal(check.equal, true, JSON.stringify(check));
      assert.deepEqual(check.metrics.map((m) => m.metric), [...PEER_METRICS]);
      for (const m of check.metrics) {
        assert.ok(m.compared > 10, `${m.metric}: ${m.compared} windows`);
        assert.equal(m.equal, m.compared, m.metric);
        assert.equal(m.missing + m.unexpected + m.different, 0, m.metric);
      }

      const rss = document.results[3];
      assert.ok(rss.reference!.runs.every((mb) => mb > 50), "a JVM's RSS");

      assert.match(
        output,
        /^process-vs-streams\s+events\/s\s+[\d,]+ \([\d,]+–[\d,]+\)\s+[\d,]+ \([\d,]+–[\d,]+\)\s+[\d.]+\s+ratio >= 1\s+(yes|NO)$/m,
      );
      assert.match(
        output,
        /^note: process-vs-streams: .*peer computes 3 of our 6 metrics: ratio is conservative$/m,
      );
      assert.match(output, /the peer's metrics equal ours/);
    } finally {
      await Deno.remove(out).catch(() => {});
    }
  },
  // Under a minute on a quiet machine once the peer is built (.ci/run builds
  // it first); a first build downloads kafka-streams and takes a minute more.
  240_000,
);

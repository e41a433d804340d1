/**
 * `deno task bench --quick` end to end, so the harness cannot rot: shape and
 * positive figures, not values. The process stage has a test of its own
 * (bench_peer_test.ts), as it runs the Kafka Streams peer as well.
 */
import assert from "node:assert/strict";
import { brokerConfig, integrationTest } from "./fixture.ts";
import type { BenchDocument } from "../../services/bench/results.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXPECTED = [
  "produce",
  "e2e-1000",
  "e2e-5000",
  "fanout",
  "fanout-rss",
];

integrationTest(
  "deno task bench --quick measures the produce, e2e and fanout stages and writes bench-results.json",
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
          "produce,e2e,fanout",
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
      assert.deepEqual(Object.keys(document).sort(), ["machine", "results"]);
      assert.ok(document.machine.cores >= 1);
      assert.ok(document.machine.memory_gb > 0);
      assert.match(document.machine.kafka_version, /^\d+\.\d+\.\d+$/);
      assert.match(document.machine.deno_version, /^2\./);
      assert.equal(document.machine.mode, "quick");
      const names = document.results.map((r) => r.name);
      for (const name of EXPECTED) {
        assert.ok(names.includes(name), `${name} in ${names}`);
      }
      for (const r of document.results) {
        assert.equal(r.ours.runs.length, 3, r.name);
        assert.ok(
          r.ours.min <= r.ours.median && r.ours.median <= r.ours.max,
          r.name,
        );
        assert.ok(
          r.ours.runs.every((v) => Number.isFinite(v) && v >= 0),
          r.name,
        );
        assert.equal(typeof r.met, "boolean", r.name);
        assert.equal(typeof r.unit, "string", r.name);
      }
      const produce = document.results.find((x) => x.name === "produce")!;
      assert.ok(produce.ours.median > 0);
      assert.ok(produce.reference && produce.reference.median > 0);
      assert.ok(typeof produce.ratio === "number" && produce.ratio > 0);
      assert.equal(produce.goal, "ratio >= 0.5");
      for (
        const name of [
          "e2e-1000",
          "e2e-5000",
          "fanout",
          "fanout-rss",
        ]
      ) {
        const r = document.results.find((x) => x.name === name)!;
        assert.ok(r.ours.median > 0, name);
        assert.equal(r.reference, null, name);
      }
      assert.match(output, /figure\s+unit\s+ours/);
    } finally {
      await Deno.remove(out).catch(() => {});
    }
  },
  300_000,
);

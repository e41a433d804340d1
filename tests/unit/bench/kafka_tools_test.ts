import assert from "node:assert/strict";
import {
  consumerPerfArgs,
  exactTopicsRegex,
  parseConsumerPerf,
  parseProducerPerf,
  producerPerfArgs,
} from "../../../services/bench/kafka_tools.ts";

const PRODUCER_OUTPUT = `
98321 records sent, 19648.2 records/sec (7.50 MB/sec), 812.3 ms avg latency, 1200.0 ms max latency.
200000 records sent, 47573.739296 records/sec (18.15 MB/sec), 927.25 ms avg latency, 1331.00 ms max latency, 977 ms 50th, 1287 ms 95th, 1314 ms 99th, 1328 ms 99.9th.
`;

const CONSUMER_OUTPUT = `
start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
2026-11-25 07:28:42:763, 2026-11-25 07:28:44:146, 76.2939, 55.1655, 200000, 144613.1598, 407, 976, 78.1700, 204918.0328
`;

Deno.test("parseProducerPerf() reads the final summary line, not a progress line", () => {
  assert.deepEqual(parseProducerPerf(PRODUCER_OUTPUT), {
    records: 200000,
    recordsPerSec: 47573.739296,
    mbPerSec: 18.15,
    avgLatencyMs: 927.25,
    maxLatencyMs: 1331,
    p99LatencyMs: 1314,
  });
});

Deno.test("parseProducerPerf() throws with the output when there is no summary", () => {
  assert.throws(
    () => parseProducerPerf("Exception in thread main"),
    /no summary line in:\nException/,
  );
});

Deno.test("parseConsumerPerf() reads the stats line by its header names", () => {
  assert.deepEqual(parseConsumerPerf(CONSUMER_OUTPUT), {
    records: 200000,
    recordsPerSec: 144613.1598,
    mbPerSec: 55.1655,
    rebalanceMs: 407,
    fetchRecordsPerSec: 204918.0328,
  });
  assert.throws(() => parseConsumerPerf("nothing"), /no stats line/);
});

Deno.test("producerPerfArgs() asks for acks=all, snappy, idempotence and no throttle", () => {
  const args = producerPerfArgs({
    brokers: ["a:1", "b:2"],
    topic: "t",
    records: 10,
    recordSize: 412.6,
  });
  assert.equal(args[0], "org.apache.kafka.tools.ProducerPerformance");
  assert.equal(args[args.indexOf("--bootstrap-server") + 1], "a:1,b:2");
  assert.equal(args[args.indexOf("--record-size") + 1], "413");
  assert.equal(args[args.indexOf("--throughput") + 1], "-1");
  for (
    const prop of [
      "acks=all",
      "compression.type=snappy",
      "enable.idempotence=true",
    ]
  ) {
    assert.ok(args.includes(prop), prop);
  }
});

Deno.test("consumerPerfArgs() reads the included topics from the earliest offset in its own group", () => {
  const args = consumerPerfArgs({
    brokers: ["a:1"],
    include: "^x$",
    records: 5,
    group: "g",
  });
  assert.equal(args[args.indexOf("--include") + 1], "^x$");
  assert.equal(args[args.indexOf("--num-records") + 1], "5");
  assert.equal(args[args.indexOf("--group") + 1], "g");
  assert.ok(args.includes("auto.offset.reset=earliest"));
});

Deno.test("exactTopicsRegex() matches exactly the given names with dots escaped", () => {
  const regex = new RegExp(exactTopicsRegex(["p.store.a-b", "p.store.c"]));
  assert.ok(regex.test("p.store.a-b"));
  assert.ok(regex.test("p.store.c"));
  assert.ok(!regex.test("pXstore.c"));
  assert.ok(!regex.test("p.store.c.more"));
});

/**
 * Kafka's own perf tools (`kafka-producer-perf-test`, `kafka-consumer-perf-test`)
 * run from the broker's cached jars: argument builders, output parsers, runner.
 */
import { brokerPaths } from "../broker/files.ts";

export interface ProducerPerfOptions {
  brokers: string[];
  topic: string;
  records: number;
  recordSize: number;
}

/** Arguments for `org.apache.kafka.tools.ProducerPerformance` with the producer's reliability settings. */
export function producerPerfArgs(options: ProducerPerfOptions): string[] {
  return [
    "org.apache.kafka.tools.ProducerPerformance",
    "--bootstrap-server",
    options.brokers.join(","),
    "--topic",
    options.topic,
    "--num-records",
    String(options.records),
    "--record-size",
    String(Math.max(1, Math.round(options.recordSize))),
    "--throughput",
    "-1",
    "--command-property",
    "acks=all",
    "compression.type=snappy",
    "enable.idempotence=true",
  ];
}

export interface ProducerPerfResult {
  records: number;
  recordsPerSec: number;
  mbPerSec: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p99LatencyMs: number;
}

const PRODUCER_SUMMARY =
  /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/;

/** Parses the final summary line of ProducerPerformance (the one with percentiles). */
export function parseProducerPerf(output: string): ProducerPerfResult {
  const lines = output.split("\n").filter((l) => PRODUCER_SUMMARY.test(l));
  const match = lines.at(-1)?.match(PRODUCER_SUMMARY);
  if (!match) {
    throw new Error(
      `Cannot parse ProducerPerformance output: no summary line in:\n${
        output.slice(-2000)
      }`,
    );
  }
  return {
    records: Number(match[1]),
    recordsPerSec: Number(match[2]),
    mbPerSec: Number(match[3]),
    avgLatencyMs: Number(match[4]),
    maxLatencyMs: Number(match[5]),
    p99LatencyMs: Number(match[8]),
  };
}

export interface ConsumerPerfOptions {
  brokers: string[];
  /** A Java regex over topic names (`--include`). */
  include: string;
  records: number;
  group: string;
}

/** Arguments for `org.apache.kafka.tools.ConsumerPerformance` reading from the earliest offsets. */
export function consumerPerfArgs(options: ConsumerPerfOptions): string[] {
  return [
    "org.apache.kafka.tools.ConsumerPerformance",
    "--bootstrap-server",
    options.brokers.join(","),
    "--include",
    options.include,
    "--num-records",
    String(options.records),
    "--group",
    options.group,
    "--timeout",
    "30000",
    "--command-property",
    "auto.offset.reset=earliest",
  ];
}

export interface ConsumerPerfResult {
  records: number;
  /** Records/s over the whole run, group join (rebalance) included. */
  recordsPerSec: number;
  mbPerSec: number;
  rebalanceMs: number;
  /** Records/s over fetching alone. */
  fetchRecordsPerSec: number;
}

/** Parses ConsumerPerformance's CSV header and the data line after it. */
export function parseConsumerPerf(output: string): ConsumerPerfResult {
  const lines = output.split("\n").map((l) => l.trim());
  const headerAt = lines.findIndex((l) => l.startsWith("start.time"));
  const data = headerAt >= 0 ? lines[headerAt + 1] : undefined;
  if (!data) {
    throw new Error(
      `Cannot parse ConsumerPerformance output: no stats line in:\n${
        output.slice(-2000)
      }`,
    );
  }
  const names = lines[headerAt].split(",").map((s) => s.trim());
  const values = data.split(",").map((s) => s.trim());
  const get = (name: string) => {
    const value = Number(values[names.indexOf(name)]);
    if (!Number.isFinite(value)) {
      throw new Error(
        `Cannot parse ConsumerPerformance output: no ${name} in "${data}"`,
      );
    }
    return value;
  };
  return {
    records: get("data.consumed.in.nMsg"),
    recordsPerSec: get("nMsg.sec"),
    mbPerSec: get("MB.sec"),
    rebalanceMs: get("rebalance.time.ms"),
    fetchRecordsPerSec: get("fetch.nMsg.sec"),
  };
}

/** Java regex matching exactly the given topic names. */
export function exactTopicsRegex(topics: readonly string[]): string {
  const quoted = topics.map((t) => t.replace(/[.\-\\^$|?*+()[\]{}]/g, "\\$&"));
  return `^(${quoted.join("|")})$`;
}

/** Runs a perf tool class from `<projectRoot>/.kafka/lib`; returns stdout+stderr, throws on failure. */
export async function runKafkaTool(
  projectRoot: string,
  args: string[],
  signal?: AbortSignal,
): Promise<string> {
  const { lib } = brokerPaths(projectRoot);
  const out = await new Deno.Command("java", {
    args: ["-Xmx512M", "-cp", `${lib}/*`, ...args],
    stdout: "piped",
    stderr: "piped",
    signal,
  }).output();
  const text = new TextDecoder().decode(out.stdout) + "\n" +
    new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(
      `${args[0]} exited with ${out.code}:\n${text.slice(-2000)}`,
    );
  }
  return text;
}

import assert from "node:assert/strict";
import { type LogEntry, logLevel } from "kafkajs";
import { loadConfig } from "../../../shared/config.ts";
import {
  bridgeLogs,
  createKafka,
  kafkaProblem,
} from "../../../shared/kafka.ts";
import type { Logger } from "../../../shared/log.ts";

/** A logger that keeps `level message` lines. */
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string) =>
    void lines.push(`${level} ${message}`);
  const logger = {
    lines,
    level: "debug" as const,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => logger,
  };
  return logger;
}

function entry(level: logLevel, message: string): LogEntry {
  return {
    namespace: "Consumer",
    level,
    label: "ERROR",
    log: { timestamp: "", logger: "kafkajs", message },
  };
}

Deno.test("bridgeLogs() shows KafkaJS's restart after a retriable crash at debug, not as an error", () => {
  const logger = recorder();
  const log = bridgeLogs(logger)!(logLevel.ERROR);
  log(entry(logLevel.ERROR, "Restarting the consumer in 300ms"));
  log(entry(logLevel.ERROR, "Crash: KafkaJSProtocolError: broken"));
  assert.deepEqual(logger.lines, [
    "debug Consumer: Restarting the consumer in 300ms",
    "error Consumer: Crash: KafkaJSProtocolError: broken",
  ]);
});

Deno.test("a client with no broker logs no KafkaJS errors, and kafkaProblem() says what to do in one line", async () => {
  // Port 1 on loopback refuses at once: no broker, no waiting.
  const brokers = ["127.0.0.1:1"];
  const config = loadConfig({ KAFKA_BROKERS: brokers.join(",") });
  const logger = recorder();
  const admin = createKafka(config, {
    logger,
    retry: { retries: 1, initialRetryTime: 10 },
  }).admin();
  const error = await admin.connect().then(() => null, (e: unknown) => e);
  await admin.disconnect();
  assert.ok(error, "connect() should fail without a broker");
  assert.deepEqual(
    logger.lines.filter((l) => /^(error|warn)/.test(l)),
    [],
  );
  assert.ok(logger.lines.some((l) => l.includes("ECONNREFUSED")));
  assert.equal(
    kafkaProblem(error, brokers),
    "no broker answers at 127.0.0.1:1 (start one with deno task kafka)",
  );
});

Deno.test("kafkaProblem() passes other failures through with the address", () => {
  assert.equal(
    kafkaProblem(new Error("Topic authorization failed"), ["kafka:9092"]),
    "Topic authorization failed (at kafka:9092)",
  );
});

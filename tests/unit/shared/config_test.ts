import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../../shared/config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail(`expected ${JSON.stringify(env)} to be rejected`);
}

Deno.test("loadConfig() gives the documented defaults for an empty environment", () => {
  assert.deepEqual(loadConfig({}), {
    KAFKA_BROKERS: ["127.0.0.1:9092"],
    KAFKA_CLIENT_ID: "game-store-analytics",
    KAFKA_TOPIC_PREFIX: "",
    KAFKA_SSL: false,
    STORE_PARTITIONS: 3,
    PROCESSOR_GROUP_ID: "analytics-processor",
    PROCESSOR_ALLOWED_LATENESS_MS: 30_000,
    PROCESSOR_MAX_SKEW_MS: 3_600_000,
    PROCESSOR_SESSION_GAP_MS: 1_800_000,
    PROCESSOR_STALL_TIMEOUT_MS: 120_000,
    PROCESSOR_SESSION_TIMEOUT_MS: 30_000,
    PROCESSOR_TRANSACTION_TIMEOUT_MS: 60_000,
    PROCESSOR_MAX_EVENT_BYTES: 16_384,
    DASHBOARD_HOST: "127.0.0.1",
    DASHBOARD_PORT: 8000,
    DASHBOARD_POLL_MS: 3_000,
    DASHBOARD_STALL_MS: 30_000,
    LOG_LEVEL: "info",
  });
});

Deno.test("loadConfig() parses every variable from strings", () => {
  const config = loadConfig({
    KAFKA_BROKERS: " kafka-1:9092, kafka-2:9093 ,",
    KAFKA_CLIENT_ID: "store",
    KAFKA_TOPIC_PREFIX: "dev.alice-1_",
    KAFKA_REPLICATION_FACTOR: "3",
    KAFKA_SSL: "TRUE",
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: "svc",
    KAFKA_SASL_PASSWORD: "s3cret",
    PROCESSOR_GROUP_ID: "g",
    PROCESSOR_ALLOWED_LATENESS_MS: "0",
    PROCESSOR_MAX_EVENT_BYTES: "4096",
    DASHBOARD_HOST: "0.0.0.0",
    DASHBOARD_PORT: "8080",
    DASHBOARD_POLL_MS: "1000",
    DASHBOARD_STALL_MS: "5000",
    LOG_LEVEL: "debug",
  });
  assert.deepEqual(config.KAFKA_BROKERS, ["kafka-1:9092", "kafka-2:9093"]);
  assert.equal(config.KAFKA_TOPIC_PREFIX, "dev.alice-1_");
  assert.equal(config.KAFKA_REPLICATION_FACTOR, 3);
  assert.equal(config.KAFKA_SSL, true);
  assert.equal(config.KAFKA_SASL_MECHANISM, "scram-sha-512");
  assert.equal(config.KAFKA_SASL_PASSWORD, "s3cret");
  assert.equal(config.PROCESSOR_ALLOWED_LATENESS_MS, 0);
  assert.equal(config.PROCESSOR_MAX_EVENT_BYTES, 4096);
  assert.equal(config.DASHBOARD_PORT, 8080);
  assert.equal(config.DASHBOARD_POLL_MS, 1000);
  assert.equal(config.DASHBOARD_STALL_MS, 5000);
  assert.equal(config.LOG_LEVEL, "debug");
});

Deno.test("loadConfig() accepts an IPv6 broker address", () => {
  assert.deepEqual(loadConfig({ KAFKA_BROKERS: "[::1]:9092" }).KAFKA_BROKERS, [
    "[::1]:9092",
  ]);
});

Deno.test("loadConfig() reads the flag spellings true/false, 1/0 and yes/no", () => {
  for (
    const [value, expected] of [["1", true], ["yes", true], ["0", false], [
      "no",
      false,
    ], ["False", false]] as const
  ) {
    assert.equal(loadConfig({ KAFKA_SSL: value }).KAFKA_SSL, expected, value);
  }
});

Deno.test("loadConfig() treats empty and blank values as unset", () => {
  const config = loadConfig({
    KAFKA_BROKERS: "",
    DASHBOARD_PORT: " ",
    KAFKA_REPLICATION_FACTOR: "",
    LOG_LEVEL: "",
  });
  assert.deepEqual(config.KAFKA_BROKERS, ["127.0.0.1:9092"]);
  assert.equal(config.DASHBOARD_PORT, 8000);
  assert.equal(config.KAFKA_REPLICATION_FACTOR, undefined);
  assert.equal(config.LOG_LEVEL, "info");
});

Deno.test("loadConfig() ignores variables it does not know", () => {
  const config = loadConfig({ PATH: "/usr/bin", HOME: "/root" });
  assert.equal("PATH" in config, false);
});

Deno.test("loadConfig() rejects each bad variable by name with what was expected", () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { KAFKA_BROKERS: "localhost" },
      /^KAFKA_BROKERS: expected host:port \(got "localhost"\)$/,
    ],
    [{ KAFKA_BROKERS: "a:1,b" }, /^KAFKA_BROKERS: expected host:port/],
    [
      { KAFKA_BROKERS: ",," },
      /^KAFKA_BROKERS: expected at least one host:port/,
    ],
    [
      { KAFKA_TOPIC_PREFIX: "my prefix" },
      /^KAFKA_TOPIC_PREFIX: expected letters, digits/,
    ],
    [
      { KAFKA_REPLICATION_FACTOR: "0" },
      /^KAFKA_REPLICATION_FACTOR: expected a whole number from 1 to 16 \(got "0"\)$/,
    ],
    [
      { KAFKA_REPLICATION_FACTOR: "2.5" },
      /^KAFKA_REPLICATION_FACTOR: expected a whole number/,
    ],
    [
      { KAFKA_SSL: "maybe" },
      /^KAFKA_SSL: expected true or false \(got "maybe"\)$/,
    ],
    [{
      KAFKA_SASL_MECHANISM: "gssapi",
      KAFKA_SASL_USERNAME: "u",
      KAFKA_SASL_PASSWORD: "p",
    }, /^KAFKA_SASL_MECHANISM: expected plain, scram-sha-256 or scram-sha-512/],
    [
      { PROCESSOR_ALLOWED_LATENESS_MS: "-1" },
      /^PROCESSOR_ALLOWED_LATENESS_MS: expected a whole number of milliseconds/,
    ],
    [
      { PROCESSOR_MAX_EVENT_BYTES: "100" },
      /^PROCESSOR_MAX_EVENT_BYTES: expected a whole number of bytes from 256/,
    ],
    [
      { DASHBOARD_PORT: "http" },
      /^DASHBOARD_PORT: expected a whole number from 0 to 65535 \(got "http"\)$/,
    ],
    [
      { DASHBOARD_PORT: "65536" },
      /^DASHBOARD_PORT: expected a whole number from 0 to 65535/,
    ],
    [
      { LOG_LEVEL: "verbose" },
      /^LOG_LEVEL: expected debug, info, warn, error or silent \(got "verbose"\)$/,
    ],
  ];
  for (const [env, expected] of cases) {
    const problems = problemsOf(env);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0], expected);
  }
});

Deno.test("loadConfig() reports every bad variable at once in the error message", () => {
  try {
    loadConfig({ DASHBOARD_PORT: "x", LOG_LEVEL: "loud" });
    assert.fail("expected a ConfigError");
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.problems.length, 2);
    assert.match(
      error.message,
      /^Invalid configuration: .*DASHBOARD_PORT.*; .*LOG_LEVEL/,
    );
  }
});

Deno.test("loadConfig() requires a SASL username and password with a mechanism", () => {
  const incomplete: Record<string, string>[] = [
    { KAFKA_SASL_MECHANISM: "plain" },
    { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" },
    { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_PASSWORD: "p" },
  ];
  for (const env of incomplete) {
    const [problem, ...rest] = problemsOf(env);
    assert.equal(rest.length, 0);
    assert.match(
      problem,
      /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required/,
    );
  }
});

Deno.test("loadConfig() rejects SASL credentials without a mechanism", () => {
  const [problem] = problemsOf({
    KAFKA_SASL_USERNAME: "u",
    KAFKA_SASL_PASSWORD: "p",
  });
  assert.match(problem, /^KAFKA_SASL_MECHANISM: expected plain/);
});

import assert from "node:assert/strict";
import {
  kafkaExitCode,
  kafkaProblem,
  setupProblem,
} from "../../../shared/kafka_problem.ts";
import { defaultReplicationFactor } from "../../../shared/replication.ts";
import { minInsyncReplicas, topicSpecs } from "../../../shared/topics.ts";

const AT = ["127.0.0.1:9092"];

function wrapped(message: string, extra: Record<string, unknown> = {}) {
  // KafkaJS's shape: a retry error whose originalError is the real one.
  const inner = Object.assign(new Error(message), extra);
  return Object.assign(new Error("retries exceeded"), {
    name: "KafkaJSNumberOfRetriesExceeded",
    originalError: inner,
  });
}

Deno.test("setupProblem() names a refused password, an untrusted certificate and a plaintext port", () => {
  assert.match(
    setupProblem(
      Object.assign(new Error("SASL SCRAM SHA512 authentication failed: x"), {
        name: "KafkaJSSASLAuthenticationError",
      }),
      AT,
    )!,
    /^Authentication failed at 127.0.0.1:9092/,
  );
  assert.match(
    setupProblem(
      wrapped("Connection error: self-signed certificate in certificate chain"),
      AT,
    )!,
    /certificate is not trusted \(set KAFKA_SSL_CA_FILE/,
  );
  assert.match(
    setupProblem(
      wrapped(
        "Connection error: Client network socket disconnected before secure TLS connection was established",
      ),
      AT,
    )!,
    /is this a plaintext port\?/,
  );
  assert.equal(
    setupProblem(new Error("Topic is marked for deletion"), AT),
    undefined,
  );
});

Deno.test("kafkaExitCode() is 2 for a setting that cannot work and 1 otherwise", () => {
  assert.equal(kafkaExitCode(wrapped("self-signed certificate")), 2);
  assert.equal(kafkaExitCode(new Error("The coordinator is loading")), 1);
});

Deno.test("kafkaProblem() words a refused acks=all write as not enough in-sync replicas", () => {
  const error = wrapped(
    "Messages are rejected since there are fewer in-sync replicas than required",
    {
      name: "KafkaJSProtocolError",
      type: "NOT_ENOUGH_REPLICAS",
    },
  );
  assert.match(kafkaProblem(error, AT), /^not enough in-sync replicas/);
});

Deno.test("defaultReplicationFactor() is 3 once three brokers answer unless configured", () => {
  assert.equal(defaultReplicationFactor(1), 1);
  assert.equal(defaultReplicationFactor(3), 3);
  assert.equal(defaultReplicationFactor(5, 2), 2);
  assert.equal(minInsyncReplicas(3), 2);
  assert.equal(minInsyncReplicas(1), 1);
  const specs = topicSpecs("", 3);
  assert.ok(specs.every((s) => s.configs["min.insync.replicas"] === "2"));
  assert.ok(
    topicSpecs("", 1).every((s) => !("min.insync.replicas" in s.configs)),
  );
});

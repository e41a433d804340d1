import assert from "node:assert/strict";
import {
  brokerPaths,
  log4jConfig,
  serverProperties,
} from "../../../services/broker/files.ts";

function properties(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => {
      const at = l.indexOf("=");
      return [l.slice(0, at), l.slice(at + 1)];
    }),
  );
}

Deno.test("serverProperties() describes a single-node KRaft broker that is its own controller", () => {
  const p = properties(
    serverProperties("127.0.0.1", 19092, 19093, "/tmp/x/data"),
  );
  assert.equal(p["process.roles"], "broker,controller");
  assert.equal(p["controller.quorum.voters"], "1@127.0.0.1:19093");
  assert.equal(
    p["listeners"],
    "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
  );
  assert.equal(p["advertised.listeners"], "PLAINTEXT://127.0.0.1:19092");
  assert.equal(p["log.dirs"], "/tmp/x/data");
  // Topics must be created by `deno task topics`, never by a typo in a producer.
  assert.equal(p["auto.create.topics.enable"], "false");
  assert.equal(p["offsets.topic.replication.factor"], "1");
  assert.equal(p["transaction.state.log.replication.factor"], "1");
});

Deno.test("serverProperties() brackets an IPv6 host in listener URLs", () => {
  const p = properties(serverProperties("::1", 9092, 9093, "/d"));
  assert.equal(
    p["listeners"],
    "PLAINTEXT://[::1]:9092,CONTROLLER://[::1]:9093",
  );
  assert.equal(p["controller.quorum.voters"], "1@[::1]:9093");
});

Deno.test("brokerPaths() keeps everything under the project's .kafka folder", () => {
  const paths = brokerPaths("/work/p");
  assert.equal(paths.pidFile, "/work/p/.kafka/broker.pid");
  assert.equal(paths.lib, "/work/p/.kafka/lib");
  assert.equal(paths.serverLog, "/work/p/.kafka/logs/server.log");
  assert.equal(paths.pom, "/work/p/services/broker/pom.xml");
});

Deno.test("log4jConfig() writes the broker log to the given file", () => {
  assert.match(
    log4jConfig("/l/server.log"),
    /^appender\.file\.fileName = \/l\/server\.log$/m,
  );
});

Deno.test("serverProperties() keeps the log cleaner's buffer small enough for a 256 MB heap", () => {
  const properties = serverProperties("127.0.0.1", 9092, 9093, "/tmp/d");
  const size = Number(
    properties.match(/^log\.cleaner\.dedupe\.buffer\.size=(\d+)$/m)?.[1],
  );
  assert.ok(size > 0 && size <= 64 * 1024 * 1024, `buffer ${size}`);
});

import assert from "node:assert/strict";
import {
  brokerAddresses,
  clusterLayout,
  nodeProperties,
} from "../../../services/broker/cluster_files.ts";

function properties(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => {
      const at = l.indexOf("=");
      return [l.slice(0, at), l.slice(at + 1)];
    }),
  );
}

const three = clusterLayout({
  projectRoot: "/p",
  host: "127.0.0.1",
  basePort: 9092,
  brokers: 3,
});

Deno.test("clusterLayout() puts three brokers on consecutive ports and the controller after them", () => {
  assert.deepEqual(brokerAddresses(three), [
    "127.0.0.1:9092",
    "127.0.0.1:9093",
    "127.0.0.1:9094",
  ]);
  assert.deepEqual(three.nodes.map((n) => [n.id, n.roles]), [
    [0, "controller"],
    [1, "broker"],
    [2, "broker"],
    [3, "broker"],
  ]);
  assert.equal(three.controllerAddress, "127.0.0.1:9095");
  assert.equal(three.nodes[2].dir, "/p/.kafka/cluster/node-2");
  assert.equal(three.nodes[2].pidFile, "/p/.kafka/cluster/node-2/node.pid");
});

Deno.test("nodeProperties() replicates the internal topics three times with two in sync", () => {
  const p = properties(nodeProperties(three, three.nodes[1]));
  assert.equal(p["process.roles"], "broker");
  assert.equal(p["node.id"], "1");
  assert.equal(p["controller.quorum.voters"], "0@127.0.0.1:9095");
  assert.equal(p["listeners"], "PLAINTEXT://127.0.0.1:9092");
  assert.equal(p["offsets.topic.replication.factor"], "3");
  assert.equal(p["transaction.state.log.replication.factor"], "3");
  assert.equal(p["transaction.state.log.min.isr"], "2");
  assert.equal(p["default.replication.factor"], "3");
  assert.equal(p["min.insync.replicas"], "2");
  const controller = properties(nodeProperties(three, three.nodes[0]));
  assert.equal(controller["process.roles"], "controller");
  assert.equal(controller["listeners"], "CONTROLLER://127.0.0.1:9095");
  assert.equal(controller["advertised.listeners"], undefined);
});

Deno.test("nodeProperties() of a secure single node offers SASL_SSL to clients and plaintext only between brokers", () => {
  const one = clusterLayout({
    projectRoot: "/p",
    host: "127.0.0.1",
    basePort: 19500,
    brokers: 1,
    secure: true,
  });
  assert.equal(one.nodes.length, 1);
  const p = properties(nodeProperties(one, one.nodes[0], {
    keystore: "/p/.kafka/secrets/broker.p12",
    keystorePassword: "k",
  }));
  assert.equal(p["process.roles"], "broker,controller");
  assert.equal(
    p["listeners"],
    "SASL_SSL://127.0.0.1:19500,INTERNAL://127.0.0.1:19502,CONTROLLER://127.0.0.1:19501",
  );
  assert.equal(p["inter.broker.listener.name"], "INTERNAL");
  assert.equal(p["sasl.enabled.mechanisms"], "SCRAM-SHA-512");
  assert.equal(p["offsets.topic.replication.factor"], "1");
  assert.equal(p["min.insync.replicas"], "1");
});

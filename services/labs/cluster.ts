/**
 * What the replication lab needs before it kills anything: three brokers or
 * more at KAFKA_BROKERS, started by `deno task kafka --brokers N` (so that
 * `--kill` and `--restart` find them), and the project's topics on them with
 * three copies each.
 */
import { brokerAddresses, clusterLayout } from "../broker/cluster_files.ts";
import { clusterRoot } from "../broker/cluster_main.ts";
import { savedLayout } from "../broker/cluster_store.ts";
import { readReplication } from "../monitor/group_poll.ts";
import { LabSetupError } from "./model.ts";
import { allTopics } from "./snapshot.ts";
import type { LabClients } from "./snapshot.ts";

const local = (address: string) => address.replace(/^localhost:/, "127.0.0.1:");

/** How to get a cluster, for the error that says there is none. */
export const START_A_CLUSTER = [
  "Start a cluster of three on ports of its own (the single broker keeps 9092) and point the lab at it:",
  "  KAFKA_BROKERS=127.0.0.1:29092 deno task kafka --brokers 3",
  "  export KAFKA_BROKERS=127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094",
  "  deno task lab replication",
].join("\n");

/** Throws, saying what is missing and how to get it, unless the lab can run here. */
export async function requireCluster(clients: LabClients): Promise<void> {
  const { admin, config } = clients;
  const where = config.KAFKA_BROKERS.join(",");
  const { brokers } = await admin.describeCluster();
  if (brokers.length < 3) {
    throw new LabSetupError(
      `it needs a cluster of three brokers, and ${where} is ${
        brokers.length === 1 ? "one broker" : `${brokers.length} brokers`
      }.\n${START_A_CLUSTER}`,
    );
  }
  const root = clusterRoot(config);
  const saved = await savedLayout(root);
  const started = saved ? brokerAddresses(clusterLayout(saved)) : [];
  if (!config.KAFKA_BROKERS.every((b) => started.includes(local(b)))) {
    throw new LabSetupError(
      `it kills and restarts brokers with deno task kafka, and the cluster at ${where} is not one it started from ${root} (that one: ${
        started.join(",") || "none"
      }; deno task kafka --status shows it).\n${START_A_CLUSTER}`,
    );
  }
}

/** Throws unless every topic has three copies (topics made on one broker have one). */
export async function requireReplicatedTopics(
  clients: LabClients,
): Promise<void> {
  // Every topic the observer reads: KafkaJS keeps only the metadata of the
  // topics asked about last.
  const replication = await readReplication(
    clients.admin,
    allTopics(clients.names),
  );
  const thin = [
    ...new Set(
      replication.filter((p) => p.replicas.length < 3).map((p) => p.topic),
    ),
  ];
  if (thin.length > 0) {
    throw new LabSetupError(
      `${
        thin.join(", ")
      } have fewer than 3 replicas (made on one broker?); with a new KAFKA_TOPIC_PREFIX, deno task topics makes them with 3 on this cluster`,
    );
  }
}

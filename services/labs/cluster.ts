/**
 * What the replication lab needs before it kills anything: three brokers or
 * more at KAFKA_BROKERS, started by `deno task kafka --brokers N` (so that
 * `--kill` and `--restart` find them), and the project's topics on them with
 * three copies each.
 */
import { brokerAddresses, clusterLayout } from "../broker/cluster_files.ts";
import { clusterRoot } from "../broker/cluster_main.ts";
import { savedLayout } from "../broker/cluster_store.ts";
import type { LabClients } from "./snapshot.ts";

const local = (address: string) => address.replace(/^localhost:/, "127.0.0.1:");

/** How to get a cluster, for the error that says there is none. */
export const START_A_CLUSTER = [
  "Start a cluster of three on ports of its own (the single broker keeps 9092) and point the lab at it:",
  "  KAFKA_BROKERS=127.0.0.1:19092 deno task kafka --brokers 3",
  "  export KAFKA_BROKERS=127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094",
  "  deno task lab replication",
].join("\n");

/** Throws, saying what is missing and how to get it, unless the lab can run here. */
export async function requireCluster(clients: LabClients): Promise<void> {
  const { admin, config } = clients;
  const where = config.KAFKA_BROKERS.join(",");
  const { brokers } = await admin.describeCluster();
  if (brokers.length < 3) {
    throw new Error(
      `Cannot run this lab on ${brokers.length} broker(s) at ${where}: it needs a cluster of three.\n${START_A_CLUSTER}`,
    );
  }
  const root = clusterRoot(config);
  const saved = await savedLayout(root);
  const started = saved ? brokerAddresses(clusterLayout(saved)) : [];
  if (!config.KAFKA_BROKERS.every((b) => started.includes(local(b)))) {
    throw new Error(
      `Cannot run this lab on the cluster at ${where}: deno task kafka did not start it from ${root}, so the lab cannot kill and restart its brokers (deno task kafka --status lists the one it started: ${
        started.join(",") || "none"
      }).\n${START_A_CLUSTER}`,
    );
  }
}

/** Throws unless every store topic has three copies (topics made on one broker have one). */
export async function requireReplicatedTopics(
  clients: LabClients,
): Promise<void> {
  const { topics } = await clients.admin.fetchTopicMetadata({
    topics: clients.names.store,
  });
  const thin = topics.filter((t) =>
    t.partitions.some((p) => p.replicas.length < 3)
  );
  if (thin.length > 0) {
    throw new Error(
      `Cannot run this lab: ${
        thin.map((t) => t.name).join(", ")
      } have fewer than 3 replicas; use a new KAFKA_TOPIC_PREFIX, and deno task topics makes them with 3 on this cluster`,
    );
  }
}

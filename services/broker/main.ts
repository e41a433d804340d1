/** `deno task kafka` / `deno task kafka:stop`: start or stop the local broker or cluster. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import { BROKER_USAGE, parseBrokerArgs } from "./args.ts";
import { clusterMain, clusterRoot } from "./cluster_main.ts";
import { ensureBroker, stopBroker } from "./launcher.ts";
import { clusterLayout } from "./cluster_files.ts";
import { clusterRunning, savedLayout, stopCluster } from "./cluster.ts";

// Flags first: `kafka:stop --help` must print the usage, not stop anything.
const args = parseOrExit(parseBrokerArgs, BROKER_USAGE);
const { command, quiet } = args;
const config = loadConfigOrExit();

try {
  const cluster = args.brokers !== undefined || args.secure ||
    args.action.kind !== "ensure";
  if (command === "start" && cluster) {
    await clusterMain(args, config);
  } else if (command === "start") {
    const result = await ensureBroker({
      brokers: config.KAFKA_BROKERS,
      say: (line) => console.log(line),
    });
    const where = config.KAFKA_BROKERS.join(",");
    if (result.action === "already-running") {
      // .ci/run greps "already answers" to know it must not stop this broker.
      if (!quiet) {
        console.log(`Kafka already answers at ${where}; nothing to do`);
      }
    } else {
      console.log(
        `Kafka answers at ${where} after ${
          (result.elapsedMs / 1000).toFixed(1)
        } s` +
          (result.logFile ? ` (log: ${result.logFile})` : ""),
      );
    }
  } else {
    const saved = await savedLayout(clusterRoot(config));
    if (saved && clusterRunning(clusterLayout(saved))) {
      for (const { id, outcome } of await stopCluster(clusterLayout(saved))) {
        console.log(`Node ${id} ${outcome}`);
      }
    }
    const outcome = await stopBroker();
    if (outcome !== "not-running" || !saved) {
      console.log(
        outcome === "not-running"
          ? "No broker started by this project is running"
          : `Broker ${outcome}`,
      );
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  Deno.exit(1);
}

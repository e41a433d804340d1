/** The cluster half of `deno task kafka`: --brokers, --secure, --status, --kill, --restart. */
import type { Config } from "../../shared/config.ts";
import type { BrokerArgs } from "./args.ts";
import {
  ensureCluster,
  type EnsureClusterOptions,
  killNode,
  restartNode,
  savedLayout,
} from "./cluster.ts";
import { clusterLayout } from "./cluster_files.ts";
import { clusterStatus, formatClusterStatus } from "./cluster_status.ts";
import { PROJECT_ROOT } from "./launcher.ts";
import { clientEnvironment } from "./secrets.ts";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

function firstAddress(brokers: string[]): { host: string; port: number } {
  const at = brokers[0].lastIndexOf(":");
  const host = brokers[0].slice(0, at);
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(
      `Cannot start cluster: KAFKA_BROKERS starts with ${
        brokers[0]
      }, not a local address`,
    );
  }
  return { host: "127.0.0.1", port: Number(brokers[0].slice(at + 1)) };
}

/** Where the local cluster lives: KAFKA_CLUSTER_ROOT, else this project. */
export function clusterRoot(config: Pick<Config, "KAFKA_CLUSTER_ROOT">) {
  return config.KAFKA_CLUSTER_ROOT ?? PROJECT_ROOT;
}

async function saved(root: string): Promise<EnsureClusterOptions> {
  const options = await savedLayout(root);
  if (!options) {
    throw new Error(
      `Cannot find a cluster: none was started from ${root} (deno task kafka --brokers 3)`,
    );
  }
  return options;
}

/** Runs one cluster action and prints its outcome. */
export async function clusterMain(
  args: BrokerArgs,
  config: Pick<Config, "KAFKA_BROKERS" | "KAFKA_CLUSTER_ROOT">,
) {
  const root = clusterRoot(config);
  const brokers = config.KAFKA_BROKERS;
  const say = (line: string) => console.log(line);
  switch (args.action.kind) {
    case "status": {
      console.log(formatClusterStatus(
        await clusterStatus(clusterLayout(await saved(root))),
      ));
      return;
    }
    case "kill": {
      const outcome = await killNode(
        clusterLayout(await saved(root)),
        args.action.node,
      );
      console.log(`Node ${args.action.node} ${outcome}`);
      return;
    }
    case "restart": {
      const began = performance.now();
      const pid = await restartNode(await saved(root), args.action.node);
      console.log(
        `Node ${args.action.node} answers again (pid ${pid}) after ${
          ((performance.now() - began) / 1000).toFixed(1)
        } s`,
      );
      return;
    }
    case "ensure": {
      const { host, port } = firstAddress(brokers);
      const result = await ensureCluster({
        projectRoot: root,
        host,
        basePort: port,
        brokers: args.brokers ?? 1,
        secure: args.secure,
        say,
      });
      const where = result.brokers.join(",");
      if (result.started.length === 0) {
        if (!args.quiet) console.log(`The cluster already answers at ${where}`);
      } else {
        console.log(
          `The cluster answers at ${where} after ${
            (result.elapsedMs / 1000).toFixed(1)
          } s (started nodes ${result.started.join(", ")})`,
        );
      }
      if (args.quiet && result.started.length === 0) return;
      console.log("Use it with:");
      const env = result.secrets
        ? clientEnvironment(result.secrets, result.brokers)
        : [`export KAFKA_BROKERS=${where}`];
      for (const line of env) console.log(`  ${line}`);
    }
  }
}

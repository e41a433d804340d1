/**
 * A local multi-node KRaft cluster from the cached jars (`deno task kafka
 * --brokers 3`, `--secure`): start what is missing, stop it all, kill or
 * restart one node for a drill. Layout and topology: cluster_files.ts.
 */
import { brokerAnswers } from "../../shared/kafka.ts";
import {
  brokerAddresses,
  type ClusterLayout,
  clusterLayout,
  type ClusterLayoutOptions,
  type ClusterNode,
  nodeProperties,
} from "./cluster_files.ts";
import { brokerPaths } from "./files.ts";
import { resolveJars } from "./jars.ts";
import { launchNode, nodePid, prepareNode, stopNode, tail } from "./node.ts";
import { portFree, waitFor } from "./process.ts";
import { clusterId, savedLayout, withLock } from "./cluster_store.ts";
import { ensureSecrets, scramArgument, type Secrets } from "./secrets.ts";

export { savedLayout };

export interface EnsureClusterOptions extends ClusterLayoutOptions {
  /** Heap of each broker JVM. @default "320m" */
  heap?: string;
  /** Heap of the dedicated controller, which holds only metadata. @default "192m" */
  controllerHeap?: string;
  /** How long the cluster may take to answer. @default 120000 */
  startTimeoutMs?: number;
  say?: (line: string) => void;
}

export interface EnsureClusterResult {
  layout: ClusterLayout;
  brokers: string[];
  /** Node ids started by this call (empty: everything already ran). */
  started: number[];
  elapsedMs: number;
  secrets?: Secrets;
}

function nodePorts(node: ClusterNode): number[] {
  return [node.port, node.internalPort, node.controllerPort].filter((
    p,
  ): p is number => p !== undefined);
}

/** Where a client reaches the node: its broker port, else the controller's. */
export function nodeAddress(layout: ClusterLayout, node: ClusterNode): string {
  return `${layout.host}:${node.port ?? node.controllerPort}`;
}

/** True when the node's own port answers a connection (the controller's is not a client port). */
async function portAnswers(host: string, port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: host, port })).close();
    return true;
  } catch {
    return false;
  }
}

/** Starts one node that is not running: the ports must be free, its storage formatted. */
async function startNode(
  layout: ClusterLayout,
  node: ClusterNode,
  options: EnsureClusterOptions,
  secrets: Secrets | undefined,
): Promise<number> {
  for (const port of nodePorts(node)) {
    if (!portFree(layout.host, port)) {
      throw new Error(
        `Cannot start node ${node.id}: port ${port} is taken by another process`,
      );
    }
  }
  await prepareNode({
    projectRoot: options.projectRoot,
    node,
    properties: nodeProperties(
      layout,
      node,
      secrets && {
        keystore: secrets.keystore,
        keystorePassword: secrets.keystorePassword,
      },
    ),
    clusterId: await clusterId(layout),
    scram: secrets ? [scramArgument(secrets)] : [],
  });
  const heap = node.roles === "controller"
    ? options.controllerHeap ?? "192m"
    : options.heap ?? "320m";
  return await launchNode(options.projectRoot, node, heap);
}

/** Resolves once every node answers on its port (the client ports via Kafka when plaintext). */
async function waitForNodes(
  layout: ClusterLayout,
  nodes: ClusterNode[],
  timeoutMs: number,
) {
  // A pid file being rewritten reads empty for a moment: a node counts as
  // exited only when its process is missing on several checks in a row.
  const missing = new Map<number, number>();
  const ready = await waitFor(
    async () => {
      for (const node of nodes) {
        const pid = nodePid(node);
        if (pid === undefined) {
          const times = (missing.get(node.id) ?? 0) + 1;
          missing.set(node.id, times);
          if (times >= 5) throw new Error(`node ${node.id} exited`);
          return false;
        }
        missing.delete(node.id);
        const answers = node.port !== undefined && !layout.secure
          ? await brokerAnswers([`${layout.host}:${node.port}`], 1_000)
          : await portAnswers(layout.host, nodePorts(node)[0]);
        if (!answers) return false;
      }
      return true;
    },
    timeoutMs,
    300,
  ).catch(async (error) => {
    const logs = await Promise.all(
      nodes.map(async (n) =>
        `node ${n.id}:\n${await tail(n.stdoutLog, 5)}\n${await tail(
          n.serverLog,
        )}`
      ),
    );
    throw new Error(
      `Cannot start cluster: ${(error as Error).message}; last log lines:\n${
        logs.join("\n")
      }`,
    );
  });
  if (!ready) {
    throw new Error(
      `Cannot start cluster: nodes ${
        nodes.map((n) => n.id).join(", ")
      } did not answer within ${timeoutMs} ms (logs in ${layout.root})`,
    );
  }
}

/**
 * Starts every node of the layout that is not running and waits until all
 * answer; nodes that already run are kept, so a partly running cluster is
 * completed, not duplicated.
 */
export async function ensureCluster(
  options: EnsureClusterOptions,
): Promise<EnsureClusterResult> {
  const began = performance.now();
  const say = options.say ?? console.log;
  const layout = clusterLayout(options);
  const kafkaRoot = brokerPaths(options.projectRoot).root;
  return await withLock(layout, async () => {
    await resolveJars(brokerPaths(options.projectRoot), say);
    const secrets = layout.secure ? await ensureSecrets(kafkaRoot) : undefined;
    const before = await savedLayout(options.projectRoot);
    if (
      before &&
      (before.brokers !== layout.brokers ||
        before.basePort !== layout.basePort ||
        Boolean(before.secure) !== layout.secure)
    ) {
      const old = clusterLayout(before);
      if (clusterRunning(old)) {
        throw new Error(
          `Cannot start cluster: a cluster of ${before.brokers} broker(s) at port ${before.basePort}${
            before.secure ? " (secure)" : ""
          } runs from ${layout.root}; stop it with deno task kafka:stop first`,
        );
      }
      // Node folders of another topology cannot be reused (node 1 changes roles).
      say(`Removing the stopped cluster of another shape in ${layout.root}`);
      await Deno.remove(layout.root, { recursive: true }).catch(() => {});
      await Deno.mkdir(layout.root, { recursive: true });
      await Deno.writeTextFile(layout.lockFile, "");
    }
    // kafka:stop, --status, --kill and --restart find the cluster by this file.
    const { projectRoot: _, ...saved } = options;
    await Deno.writeTextFile(
      `${layout.root}/layout.json`,
      JSON.stringify({
        host: saved.host,
        basePort: saved.basePort,
        brokers: saved.brokers,
        secure: layout.secure,
      }) + "\n",
    );
    await clusterId(layout);
    const missing = layout.nodes.filter((node) => nodePid(node) === undefined);
    // In parallel: each format and JVM start takes seconds of mostly waiting.
    await Promise.all(missing.map(async (node) => {
      const pid = await startNode(layout, node, options, secrets);
      say(
        `Started node ${node.id} (${node.roles}, pid ${pid}) at ${
          nodeAddress(layout, node)
        }; log: ${node.serverLog}`,
      );
    }));
    const started = missing.map((node) => node.id);
    await waitForNodes(
      layout,
      layout.nodes,
      options.startTimeoutMs ?? 120_000,
    );
    return {
      layout,
      brokers: brokerAddresses(layout),
      started,
      elapsedMs: Math.round(performance.now() - began),
      secrets,
    };
  });
}

/** Stops every node of the cluster, brokers first (a clean shutdown moves their leaders). */
export async function stopCluster(
  layout: ClusterLayout,
): Promise<{ id: number; outcome: string }[]> {
  const order = [...layout.nodes].sort((a, b) =>
    (a.roles === "controller" ? 1 : 0) - (b.roles === "controller" ? 1 : 0)
  );
  const results = [];
  for (const node of order) {
    results.push({ id: node.id, outcome: await stopNode(node, "SIGTERM") });
  }
  return results;
}

function findNode(layout: ClusterLayout, id: number): ClusterNode {
  const node = layout.nodes.find((n) => n.id === id);
  if (!node) {
    throw new Error(
      `Cannot find node ${id}: the cluster has nodes ${
        layout.nodes.map((n) => n.id).join(", ")
      }`,
    );
  }
  return node;
}

/** `kill -9` of one node: a crash, no clean shutdown. */
export async function killNode(layout: ClusterLayout, id: number) {
  return await stopNode(findNode(layout, id), "SIGKILL");
}

/** Stops one node cleanly (if it runs) and starts it again; resolves once it answers. */
export async function restartNode(
  options: EnsureClusterOptions,
  id: number,
): Promise<number> {
  const layout = clusterLayout(options);
  const node = findNode(layout, id);
  await stopNode(node, "SIGTERM");
  const secrets = layout.secure
    ? await ensureSecrets(brokerPaths(options.projectRoot).root)
    : undefined;
  const pid = await startNode(layout, node, options, secrets);
  await waitForNodes(layout, [node], options.startTimeoutMs ?? 120_000);
  return pid;
}

/** True when any node of this layout has a live pid: `kafka:stop` then stops the cluster. */
export function clusterRunning(layout: ClusterLayout): boolean {
  return layout.nodes.some((n) => nodePid(n) !== undefined);
}

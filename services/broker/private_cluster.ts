/**
 * A cluster of its own for a test or drill that kills brokers: a temporary
 * project root sharing the cached jars, a run of spare consecutive ports, and
 * every node's folder deleted on {@linkcode PrivateCluster.destroy}.
 */
import type { Admin } from "kafkajs";
import {
  ensureCluster,
  type EnsureClusterOptions,
  killNode,
  restartNode,
} from "./cluster.ts";
import { brokerAddresses, clusterLayout } from "./cluster_files.ts";
import type { Secrets } from "./secrets.ts";
import { portFree, processAlive } from "./process.ts";
import { tempProjectRoot } from "./private.ts";

const HOST = "127.0.0.1";

const RESERVED = "/tmp/kafka-playground-ports";

function reservedByLiveProcess(port: number): boolean {
  try {
    const pid = Number(Deno.readTextFileSync(`${RESERVED}/${port}`));
    return processAlive(pid);
  } catch {
    return false;
  }
}

/**
 * Reserves `count` consecutive free ports, away from the default 9092, and
 * returns the first. Tests run in parallel and a JVM binds its ports seconds
 * after they are chosen, so each port is claimed with a file naming our pid
 * (a dead pid's claim lapses).
 */
export function reservePortRun(
  count: number,
  from = 19500,
  to = 20500,
): number {
  Deno.mkdirSync(RESERVED, { recursive: true });
  for (let port = from; port + count < to; port += count) {
    const ports = Array.from({ length: count }, (_, i) => port + i);
    if (!ports.every((p) => portFree(HOST, p) && !reservedByLiveProcess(p))) {
      continue;
    }
    const claimed: number[] = [];
    for (const p of ports) {
      try {
        Deno.removeSync(`${RESERVED}/${p}`);
      } catch { /* no stale claim */ }
      try {
        Deno.writeTextFileSync(`${RESERVED}/${p}`, String(Deno.pid), {
          createNew: true,
        });
        claimed.push(p);
      } catch {
        break; // another process claimed it between our check and write
      }
    }
    if (claimed.length === count) return port;
    releasePortRun(claimed[0] ?? port, claimed.length);
  }
  throw new Error(
    `Cannot find ${count} free consecutive ports between ${from} and ${to}`,
  );
}

/** Gives back ports {@linkcode reservePortRun} claimed. */
export function releasePortRun(first: number, count: number) {
  for (let p = first; p < first + count; p++) {
    try {
      Deno.removeSync(`${RESERVED}/${p}`);
    } catch { /* already released */ }
  }
}

export interface PrivateClusterOptions {
  /** @default 3 */
  brokers?: number;
  /** Each broker's heap. @default "320m" */
  heap?: string;
  secure?: boolean;
  /** Prefix of the temporary folder. @default "kafka-cluster-" */
  prefix?: string;
}

export class PrivateCluster {
  readonly brokers: string[];
  readonly secrets?: Secrets;
  readonly #options: EnsureClusterOptions;

  private constructor(options: EnsureClusterOptions, secrets?: Secrets) {
    this.#options = options;
    this.brokers = brokerAddresses(clusterLayout(options));
    this.secrets = secrets;
  }

  get root(): string {
    return this.#options.projectRoot;
  }

  /** How long the start took, in ms. */
  startMs = 0;

  /** Starts a new cluster in a new folder; on failure, nothing is left behind. */
  static async start(
    options: PrivateClusterOptions = {},
  ): Promise<PrivateCluster> {
    const brokers = options.brokers ?? 3;
    const root = await tempProjectRoot(options.prefix ?? "kafka-cluster-");
    const ports = brokers + 1 + (options.secure ? brokers : 0);
    const ensure: EnsureClusterOptions = {
      projectRoot: root,
      host: HOST,
      basePort: reservePortRun(ports),
      brokers,
      secure: options.secure,
      heap: options.heap ?? "320m",
      startTimeoutMs: 150_000,
      say: () => {},
    };
    try {
      const result = await ensureCluster(ensure);
      const cluster = new PrivateCluster(ensure, result.secrets);
      cluster.startMs = result.elapsedMs;
      return cluster;
    } catch (error) {
      await new PrivateCluster(ensure).destroy();
      throw error;
    }
  }

  /** The broker address of node `id` (1..N). */
  address(id: number): string {
    return this.brokers[id - 1];
  }

  /** `kill -9` of broker `id`. */
  async kill(id: number): Promise<void> {
    await killNode(clusterLayout(this.#options), id);
  }

  /** Starts broker `id` again on its port and data; resolves once it answers. */
  async restart(id: number): Promise<void> {
    await restartNode(this.#options, id);
  }

  /** Stops every node (killing what does not stop) and deletes the folder. */
  async destroy(): Promise<void> {
    // kill -9: the data is deleted next, so a clean shutdown buys nothing.
    const layout = clusterLayout(this.#options);
    await Promise.all(
      layout.nodes.map((node) => killNode(layout, node.id).catch(() => {})),
    );
    await Deno.remove(this.root, { recursive: true }).catch(() => {});
    releasePortRun(this.#options.basePort, this.#ports());
  }

  #ports(): number {
    const { brokers, secure } = this.#options;
    return brokers + 1 + (secure ? brokers : 0);
  }
}

/** Partitions led by each broker id, over `topics`. */
export async function leaderCounts(
  admin: Admin,
  topics: string[],
): Promise<Map<number, number>> {
  const { topics: described } = await admin.fetchTopicMetadata({ topics });
  const counts = new Map<number, number>();
  for (const topic of described) {
    for (const p of topic.partitions) {
      counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
    }
  }
  return counts;
}

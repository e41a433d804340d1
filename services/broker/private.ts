/**
 * A broker of its own for a drill or a test that kills brokers: a temporary
 * project root (sharing the cached jars), a spare port pair and its own data
 * folder, so that the learner's broker and the suite's are never touched.
 */
import { brokerPaths } from "./files.ts";
import {
  ensureBroker,
  PROJECT_ROOT,
  resolveJars,
  stopBroker,
} from "./launcher.ts";
import { portFree, processAlive, waitFor } from "./process.ts";

const HOST = "127.0.0.1";

/** A port p with p + 1 (its controller) free too, away from the default 9092. */
export function sparePortPair(from = 19092, to = 19400): number {
  for (let port = from; port < to; port += 2) {
    if (portFree(HOST, port) && portFree(HOST, port + 1)) return port;
  }
  throw new Error(`Cannot find a free port pair between ${from} and ${to}`);
}

/** A temporary project root whose jar cache is the real one's, so nothing is downloaded. */
export async function tempProjectRoot(prefix: string): Promise<string> {
  await resolveJars(brokerPaths(PROJECT_ROOT), () => {});
  const root = await Deno.makeTempDir({ prefix });
  await Deno.mkdir(`${root}/.kafka`);
  await Deno.symlink(brokerPaths(PROJECT_ROOT).lib, brokerPaths(root).lib);
  return root;
}

export interface PrivateBrokerOptions {
  /** JVM heap, as for `-Xmx`. @default "384m" */
  heap?: string;
  /** Prefix of the temporary folder. @default "kafka-private-" */
  prefix?: string;
}

export class PrivateBroker {
  readonly address: string;
  readonly root: string;
  readonly #heap: string;

  private constructor(root: string, port: number, heap: string) {
    this.root = root;
    this.address = `${HOST}:${port}`;
    this.#heap = heap;
  }

  /** Starts a new broker in a new folder on a spare port. */
  static async start(
    options: PrivateBrokerOptions = {},
  ): Promise<PrivateBroker> {
    const root = await tempProjectRoot(options.prefix ?? "kafka-private-");
    const broker = new PrivateBroker(
      root,
      sparePortPair(),
      options.heap ?? "384m",
    );
    await broker.restart();
    return broker;
  }

  /** The running broker's pid, or undefined. */
  pid(): number | undefined {
    try {
      const pid = Number(Deno.readTextFileSync(brokerPaths(this.root).pidFile));
      return processAlive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** Starts it again on the same port and data folder; resolves once it answers. */
  async restart(): Promise<void> {
    await ensureBroker({
      brokers: [this.address],
      projectRoot: this.root,
      useDocker: false,
      heap: this.#heap,
      startTimeoutMs: 120_000,
      say: () => {},
    });
  }

  /** `kill -9`: no clean shutdown, as a crash. */
  async kill(): Promise<void> {
    const pid = this.pid();
    if (pid === undefined) return;
    Deno.kill(pid, "SIGKILL");
    await waitFor(() => !processAlive(pid), 10_000, 50);
  }

  /** Stops it and deletes its folder. */
  async destroy(): Promise<void> {
    await stopBroker({ projectRoot: this.root, timeoutMs: 15_000 }).catch(
      () => {},
    );
    await this.kill().catch(() => {});
    await Deno.remove(this.root, { recursive: true }).catch(() => {});
  }
}

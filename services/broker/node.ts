/** One JVM of a local cluster: format its storage, launch it detached, find and stop it by its pid. */
import type { ClusterNode } from "./cluster_files.ts";
import { brokerPaths, log4jConfig } from "./files.ts";
import { javaArgs } from "./jars.ts";
import { processAlive, run, waitFor } from "./process.ts";

/** The cluster's jars are the project's cache; logs are the node's own. */
function nodePaths(projectRoot: string, node: ClusterNode) {
  return {
    ...brokerPaths(projectRoot),
    log4jConfig: node.log4jConfig,
    logs: `${node.dir}/logs`,
  };
}

/** The pid of this node's JVM if it runs (checked against its own server.properties, not a reused pid). */
export function nodePid(node: ClusterNode): number | undefined {
  let pid: number;
  try {
    pid = Number(Deno.readTextFileSync(node.pidFile).trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) {
    return undefined;
  }
  try {
    const cmdline = Deno.readTextFileSync(`/proc/${pid}/cmdline`);
    return cmdline.includes("kafka.Kafka") &&
        cmdline.includes(node.serverProperties)
      ? pid
      : undefined;
  } catch {
    return undefined;
  }
}

export interface PrepareNodeOptions {
  projectRoot: string;
  node: ClusterNode;
  properties: string;
  clusterId: string;
  /** `--add-scram` arguments: users the bootstrap metadata holds from the start. */
  scram?: string[];
}

/** Writes the node's config files and formats its storage once (all nodes share one cluster id). */
export async function prepareNode(options: PrepareNodeOptions) {
  const { node, projectRoot } = options;
  await Deno.mkdir(`${node.dir}/logs`, { recursive: true });
  await Deno.mkdir(node.data, { recursive: true });
  await Deno.writeTextFile(node.serverProperties, options.properties);
  await Deno.writeTextFile(node.log4jConfig, log4jConfig(node.serverLog));
  try {
    await Deno.stat(`${node.data}/meta.properties`);
    return;
  } catch { /* first start */ }
  const scram = (options.scram ?? []).flatMap((s) => ["--add-scram", s]);
  const result = await run("java", [
    ...javaArgs(nodePaths(projectRoot, node), "kafka.tools.StorageTool", [
      "format",
      "-t",
      options.clusterId,
      "-c",
      node.serverProperties,
      "-g",
      ...scram,
    ], "256m"),
  ]);
  if (!result.ok) {
    throw new Error(
      `Cannot format node ${node.id}: ${
        // The SCRAM password is on the command line, never in the message.
        result.output.replaceAll(/password=[^\],]*/g, "password=***")}`,
    );
  }
}

/** Starts the node detached (setsid: it outlives us and ignores Ctrl-C); returns its pid. */
export async function launchNode(
  projectRoot: string,
  node: ClusterNode,
  heap: string,
): Promise<number> {
  const args = javaArgs(nodePaths(projectRoot, node), "kafka.Kafka", [
    node.serverProperties,
  ], heap);
  const quoted = ["java", ...args].map((arg) =>
    `'${arg.replaceAll("'", "'\\''")}'`
  ).join(" ");
  const launched = await run("sh", [
    "-c",
    `setsid ${quoted} >>'${node.stdoutLog}' 2>&1 </dev/null & echo $!`,
  ]);
  const pid = Number(launched.output.trim());
  if (!launched.ok || !pid) {
    throw new Error(`Cannot start node ${node.id}: ${launched.output}`);
  }
  await Deno.writeTextFile(node.pidFile, `${pid}\n`);
  return pid;
}

/** SIGTERM (a clean shutdown) or SIGKILL (a crash); waits for the exit. */
export async function stopNode(
  node: ClusterNode,
  how: "SIGTERM" | "SIGKILL",
  timeoutMs = 30_000,
): Promise<"stopped" | "killed" | "not-running"> {
  const pid = nodePid(node);
  if (pid === undefined) {
    await Deno.remove(node.pidFile).catch(() => {});
    return "not-running";
  }
  Deno.kill(pid, how);
  let exited = await waitFor(() => !processAlive(pid), timeoutMs, 100);
  if (!exited) {
    Deno.kill(pid, "SIGKILL");
    exited = await waitFor(() => !processAlive(pid), 10_000, 100);
  }
  await Deno.remove(node.pidFile).catch(() => {});
  return how === "SIGTERM" && exited ? "stopped" : "killed";
}

/** The last lines of a log, for an error that says why a node did not come up. */
export async function tail(file: string, lines = 12): Promise<string> {
  try {
    return (await Deno.readTextFile(file)).trimEnd().split("\n").slice(-lines)
      .join("\n");
  } catch {
    return "(no log)";
  }
}

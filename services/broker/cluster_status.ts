/** `deno task kafka --status`: each node, whether it answers, and the controller quorum's leader. */
import type { ClusterLayout } from "./cluster_files.ts";
import { nodeAddress } from "./cluster.ts";
import { nodePid } from "./node.ts";
import { kafkaTool } from "./tools.ts";

export interface NodeStatus {
  id: number;
  roles: string;
  address: string;
  pid?: number;
  answers: boolean;
}

export interface ClusterStatus {
  nodes: NodeStatus[];
  /** Node id of the quorum's leader, or undefined when no quorum answers. */
  controllerLeader?: number;
}

async function portAnswers(address: string): Promise<boolean> {
  const at = address.lastIndexOf(":");
  try {
    (await Deno.connect({
      hostname: address.slice(0, at),
      port: Number(address.slice(at + 1)),
    })).close();
    return true;
  } catch {
    return false;
  }
}

/** The quorum's leader as Kafka's metadata-quorum tool reports it. */
export async function controllerLeader(
  layout: ClusterLayout,
): Promise<number | undefined> {
  try {
    const out = await kafkaTool(
      "org.apache.kafka.tools.MetadataQuorumCommand",
      [
        "--bootstrap-controller",
        layout.controllerAddress,
        "describe",
        "--status",
      ],
    );
    const match = out.match(/^LeaderId:\s*(-?\d+)/m);
    const id = match ? Number(match[1]) : -1;
    return id >= 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Reads every node's pid and port, and the quorum leader. */
export async function clusterStatus(
  layout: ClusterLayout,
): Promise<ClusterStatus> {
  const nodes = await Promise.all(layout.nodes.map(async (node) => {
    const address = nodeAddress(layout, node);
    return {
      id: node.id,
      roles: node.roles,
      address,
      pid: nodePid(node),
      answers: await portAnswers(address),
    };
  }));
  return { nodes, controllerLeader: await controllerLeader(layout) };
}

/** The status as a small table and a last line naming the leader. */
export function formatClusterStatus(status: ClusterStatus): string {
  const rows = [
    ["node", "roles", "address", "pid", "answers"],
    ...status.nodes.map((n) => [
      String(n.id),
      n.roles,
      n.address,
      n.pid === undefined ? "-" : String(n.pid),
      n.answers ? "yes" : "no",
    ]),
  ];
  const widths = rows[0].map((_, c) =>
    Math.max(...rows.map((r) => r[c].length))
  );
  const table = rows.map((r) =>
    r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()
  );
  table.push(
    status.controllerLeader === undefined
      ? "controller leader: none (no quorum answers)"
      : `controller leader: node ${status.controllerLeader}`,
  );
  return table.join("\n");
}

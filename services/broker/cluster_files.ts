/**
 * The shape of a local cluster under `.kafka/cluster/`: which node listens
 * where, what each one's folder holds, and its `server.properties`.
 *
 * Topology: with one broker, a single combined broker+controller node (as
 * the plain launcher runs). With two or more, one controller-only node (id 0)
 * and brokers 1..N. A separate controller keeps the metadata quorum alive when
 * brokers die, so that with two of three brokers down the survivor still
 * shrinks its in-sync replicas and answers NOT_ENOUGH_REPLICAS instead of
 * hanging; the price is that the controller itself is not replicated.
 */

export interface SecureSettings {
  /** PKCS12 keystore with the broker's key and certificate chain. */
  keystore: string;
  keystorePassword: string;
}

export interface ClusterNode {
  /** KRaft node id: 0 is the dedicated controller, 1..N the brokers. */
  id: number;
  roles: "broker" | "controller" | "broker,controller";
  /** Client port (brokers only). */
  port?: number;
  /** Plaintext inter-broker port, only when clients use SASL_SSL. */
  internalPort?: number;
  /** The controller listener (controllers only). */
  controllerPort?: number;
  dir: string;
  data: string;
  pidFile: string;
  serverProperties: string;
  log4jConfig: string;
  serverLog: string;
  stdoutLog: string;
}

export interface ClusterLayout {
  host: string;
  basePort: number;
  brokers: number;
  secure: boolean;
  root: string;
  clusterIdFile: string;
  lockFile: string;
  nodes: ClusterNode[];
  /** Where the controller quorum listens. */
  controllerAddress: string;
}

export interface ClusterLayoutOptions {
  projectRoot: string;
  host: string;
  /** The first broker's port; the others follow it, then the controller. */
  basePort: number;
  brokers: number;
  secure?: boolean;
}

/**
 * Ports: brokers on `basePort .. basePort+N-1`, the controller on
 * `basePort+N`, and (secure only) the plaintext inter-broker listeners after it.
 */
export function clusterLayout(options: ClusterLayoutOptions): ClusterLayout {
  const { projectRoot, host, basePort, brokers, secure = false } = options;
  const root = `${projectRoot}/.kafka/cluster`;
  const controllerPort = basePort + brokers;
  const node = (id: number, roles: ClusterNode["roles"]): ClusterNode => {
    const dir = `${root}/${id === 0 ? "controller" : `node-${id}`}`;
    const isBroker = roles !== "controller";
    return {
      id,
      roles,
      port: isBroker ? basePort + id - 1 : undefined,
      internalPort: isBroker && secure ? controllerPort + id : undefined,
      controllerPort: roles === "broker" ? undefined : controllerPort,
      dir,
      data: `${dir}/data`,
      pidFile: `${dir}/node.pid`,
      serverProperties: `${dir}/server.properties`,
      log4jConfig: `${dir}/log4j2.properties`,
      serverLog: `${dir}/logs/server.log`,
      stdoutLog: `${dir}/logs/stdout.log`,
    };
  };
  const nodes = brokers === 1 ? [node(1, "broker,controller")] : [
    node(0, "controller"),
    ...Array.from({ length: brokers }, (_, i) => node(i + 1, "broker")),
  ];
  return {
    host,
    basePort,
    brokers,
    secure,
    root,
    clusterIdFile: `${root}/cluster.id`,
    lockFile: `${root}/launch.lock`,
    nodes,
    controllerAddress: `${host}:${controllerPort}`,
  };
}

/** The `host:port` of every broker, in node order: what KAFKA_BROKERS should list. */
export function brokerAddresses(layout: ClusterLayout): string[] {
  return layout.nodes.filter((n) => n.port !== undefined).map((n) =>
    `${layout.host}:${n.port}`
  );
}

/** The ids of the controller quorum: the combined node, or the dedicated controller. */
function controllerId(layout: ClusterLayout): number {
  return layout.nodes.find((n) => n.controllerPort !== undefined)!.id;
}

/** One node's `server.properties`. */
export function nodeProperties(
  layout: ClusterLayout,
  node: ClusterNode,
  secure?: SecureSettings,
): string {
  const host = layout.host.includes(":") ? `[${layout.host}]` : layout.host;
  const replicas = Math.min(3, layout.brokers);
  // With three replicas, an acknowledged write survives one broker's loss
  // even while another is behind; with fewer, one replica must be enough.
  const minIsr = replicas >= 3 ? 2 : 1;
  const listeners: string[] = [];
  const advertised: string[] = [];
  const protocols = ["CONTROLLER:PLAINTEXT"];
  if (node.port !== undefined) {
    const client = secure ? "SASL_SSL" : "PLAINTEXT";
    listeners.push(`${client}://${host}:${node.port}`);
    advertised.push(`${client}://${host}:${node.port}`);
    protocols.push(`${client}:${client}`);
    if (secure) {
      listeners.push(`INTERNAL://${host}:${node.internalPort}`);
      advertised.push(`INTERNAL://${host}:${node.internalPort}`);
      protocols.push("INTERNAL:PLAINTEXT");
    }
  }
  if (node.controllerPort !== undefined) {
    listeners.push(`CONTROLLER://${host}:${node.controllerPort}`);
  }
  const lines = [
    "# Written by services/broker (cluster); edit the launcher, not this file.",
    `process.roles=${node.roles}`,
    `node.id=${node.id}`,
    `controller.quorum.voters=${
      controllerId(layout)
    }@${layout.controllerAddress}`,
    `listeners=${listeners.join(",")}`,
    "controller.listener.names=CONTROLLER",
    `listener.security.protocol.map=${protocols.join(",")}`,
    `log.dirs=${node.data}`,
  ];
  if (node.port !== undefined) {
    lines.push(
      `advertised.listeners=${advertised.join(",")}`,
      `inter.broker.listener.name=${secure ? "INTERNAL" : "PLAINTEXT"}`,
      "num.partitions=1",
      `default.replication.factor=${replicas}`,
      `min.insync.replicas=${minIsr}`,
      "auto.create.topics.enable=false",
      `offsets.topic.replication.factor=${replicas}`,
      "offsets.topic.num.partitions=10",
      `transaction.state.log.replication.factor=${replicas}`,
      `transaction.state.log.min.isr=${minIsr}`,
      "transaction.state.log.num.partitions=5",
      "group.initial.rebalance.delay.ms=0",
      // A follower that stops fetching leaves the ISR after 10 s instead of
      // 30 s: the drills see under-replication (and recovery) sooner.
      "replica.lag.time.max.ms=10000",
      "log.retention.check.interval.ms=300000",
      // The cleaner would take 128 MB of a small heap by default.
      "log.cleaner.dedupe.buffer.size=16777216",
    );
  }
  if (node.port !== undefined && secure) {
    lines.push(
      "sasl.enabled.mechanisms=SCRAM-SHA-512",
      "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
      "ssl.keystore.type=PKCS12",
      `ssl.keystore.location=${secure.keystore}`,
      `ssl.keystore.password=${secure.keystorePassword}`,
      `ssl.key.password=${secure.keystorePassword}`,
      "ssl.client.auth=none",
    );
  }
  return lines.join("\n") + "\n";
}

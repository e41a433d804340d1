/** What the local broker writes under `.kafka/`, and the two config files it needs. */

/** The Apache Kafka version used by the local launcher, the perf tools and docker-compose.yml. */
export const KAFKA_VERSION = "4.4.0";

export interface BrokerPaths {
  root: string;
  lib: string;
  data: string;
  logs: string;
  pidFile: string;
  /** Present while a broker that `kafka` started with docker compose runs. */
  dockerMarker: string;
  lockFile: string;
  serverProperties: string;
  log4jConfig: string;
  serverLog: string;
  stdoutLog: string;
  pom: string;
}

/** Paths under the project's `.kafka/` folder. */
export function brokerPaths(projectRoot: string): BrokerPaths {
  const root = `${projectRoot}/.kafka`;
  return {
    root,
    lib: `${root}/lib`,
    data: `${root}/data`,
    logs: `${root}/logs`,
    pidFile: `${root}/broker.pid`,
    dockerMarker: `${root}/docker-compose.started`,
    lockFile: `${root}/launch.lock`,
    serverProperties: `${root}/server.properties`,
    log4jConfig: `${root}/log4j2.properties`,
    serverLog: `${root}/logs/server.log`,
    stdoutLog: `${root}/logs/stdout.log`,
    pom: `${projectRoot}/services/broker/pom.xml`,
  };
}

/** A single-node KRaft broker that is its own controller, on loopback. */
export function serverProperties(
  host: string,
  port: number,
  controllerPort: number,
  dataDir: string,
): string {
  // Kafka wants IPv6 literals in brackets inside listener URLs.
  if (host.includes(":")) host = `[${host}]`;
  return `# Written by services/broker; edit the launcher, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${host}:${controllerPort}
listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}
advertised.listeners=PLAINTEXT://${host}:${port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${dataDir}
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
group.initial.rebalance.delay.ms=0
log.retention.check.interval.ms=300000
# The cleaner (compacted changelogs) would take 128 MB of heap by default: a
# small broker heap then fails at start-up.
log.cleaner.dedupe.buffer.size=33554432
`;
}

/** Broker logs go to a file; only warnings reach the console log. */
export function log4jConfig(serverLog: string): string {
  return `status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${serverLog}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
appender.console.filter.threshold.type = ThresholdFilter
appender.console.filter.threshold.level = warn
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
rootLogger.appenderRef.console.ref = console
logger.kafka.name = kafka
logger.kafka.level = info
logger.state.name = state.change.logger
logger.state.level = warn
`;
}

/** The broker's jars from Maven Central, cached once, and the JVM command lines that use them. */
import { type BrokerPaths, KAFKA_VERSION } from "./files.ts";
import { run } from "./process.ts";

function jarsMarker(paths: BrokerPaths): string {
  return `${paths.lib}/.resolved-${KAFKA_VERSION}`;
}

/** True when the jars of this Kafka version are already in the cache. */
export async function jarsCached(paths: BrokerPaths): Promise<boolean> {
  try {
    await Deno.stat(jarsMarker(paths));
    return true;
  } catch {
    return false;
  }
}

/** Downloads the broker's jars once; later starts use the cache and never touch the network. */
export async function resolveJars(
  paths: BrokerPaths,
  say: (line: string) => void,
): Promise<boolean> {
  const marker = jarsMarker(paths);
  if (await jarsCached(paths)) return false;
  say(
    `Resolving Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${paths.lib}`,
  );
  await Deno.remove(paths.lib, { recursive: true }).catch(() => {});
  const result = await run("mvn", [
    "-q",
    "-B",
    "-f",
    paths.pom,
    `-Dkafka.version=${KAFKA_VERSION}`,
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${paths.lib}`,
  ]);
  if (!result.ok) {
    throw new Error(`Cannot resolve Kafka jars: mvn failed:\n${result.output}`);
  }
  await Deno.writeTextFile(marker, new Date().toISOString());
  return true;
}

/** JVM arguments to run a Kafka main class from the cached jars. */
export function javaArgs(
  paths: BrokerPaths,
  mainClass: string,
  args: string[],
  heap = "1g",
): string[] {
  return [
    `-Xmx${heap}`,
    "-XX:+UseG1GC",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${paths.log4jConfig}`,
    `-Dkafka.logs.dir=${paths.logs}`,
    "-cp",
    `${paths.lib}/*`,
    mainClass,
    ...args,
  ];
}

/** Formats the KRaft storage once; a formatted directory is left alone. */
export async function formatStorage(
  paths: BrokerPaths,
  say: (line: string) => void,
) {
  try {
    await Deno.stat(`${paths.data}/meta.properties`);
    return;
  } catch { /* first start */ }
  say(`Formatting KRaft storage in ${paths.data}`);
  const result = await run("java", [
    ...javaArgs(paths, "kafka.tools.StorageTool", [
      "format",
      "-t",
      crypto.randomUUID().replaceAll("-", "").slice(0, 22),
      "-c",
      paths.serverProperties,
      "-g",
    ], "256m"),
  ]);
  if (!result.ok) {
    throw new Error(`Cannot format broker storage: ${result.output}`);
  }
}

/**
 * Kafka's own command-line tools run from the broker's cached jars: the
 * independent reader that drills and tests count records with.
 */
import { brokerPaths } from "./files.ts";
import { PROJECT_ROOT } from "./launcher.ts";

/** Tools log to stderr, so that their stdout is only what they print as output. */
const TOOL_LOG4J = `status = error
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n
rootLogger.level = warn
rootLogger.appenderRef.err.ref = STDERR
`;

let logConfig: Promise<string> | undefined;

function toolLogConfig(): Promise<string> {
  logConfig ??= (async () => {
    const file = await Deno.makeTempFile({
      suffix: "-tools-log4j2.properties",
    });
    await Deno.writeTextFile(file, TOOL_LOG4J);
    return file;
  })();
  return logConfig;
}

/** Stdout of `java <mainClass> ...args` on the project's jars; throws with stderr on failure. */
export async function kafkaTool(
  mainClass: string,
  args: string[],
): Promise<string> {
  const { lib } = brokerPaths(PROJECT_ROOT);
  const out = await new Deno.Command("java", {
    args: [
      "-Xmx256m",
      `-Dlog4j2.configurationFile=${await toolLogConfig()}`,
      "-cp",
      `${lib}/*`,
      mainClass,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (!out.success) {
    throw new Error(
      `${mainClass} exited with ${out.code}: ${
        decode(out.stderr).slice(-2000)
      }`,
    );
  }
  return decode(out.stdout);
}

export interface ConsoleConsumerOptions {
  /** Stop after this many records; without it, after `idleMs` without one. */
  maxMessages?: number;
  /** @default 15000 */
  idleMs?: number;
}

/**
 * Every value on `topic` as Kafka's console consumer sees it in
 * `read_committed` (in log order per partition), one per line.
 */
export async function consoleConsumerValues(
  brokers: string[],
  topic: string,
  options: ConsoleConsumerOptions = {},
): Promise<string[]> {
  const out = await kafkaTool(
    "org.apache.kafka.tools.consumer.ConsoleConsumer",
    [
      "--bootstrap-server",
      brokers.join(","),
      "--topic",
      topic,
      "--from-beginning",
      "--isolation-level",
      "read_committed",
      ...(options.maxMessages === undefined
        ? []
        : ["--max-messages", String(options.maxMessages)]),
      "--timeout-ms",
      String(options.idleMs ?? 15_000),
    ],
  );
  return out.split("\n").filter((line) => line.length > 0);
}

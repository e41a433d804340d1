/** Runs one of Kafka's own command-line tools from the broker's cached jars, as an independent reader. */
import { brokerPaths } from "../../services/broker/files.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Stdout of `java <mainClass> ...args` on the project's jars; throws with stderr on failure. */
export async function kafkaTool(
  mainClass: string,
  args: string[],
): Promise<string> {
  const { lib } = brokerPaths(ROOT);
  const out = await new Deno.Command("java", {
    args: ["-Xmx256m", "-cp", `${lib}/*`, mainClass, ...args],
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

/** Every value on `topic` as Kafka's console consumer sees it in `read_committed`, in log order. */
export async function consoleConsumerValues(
  brokers: string[],
  topic: string,
  expected: number,
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
      "--max-messages",
      String(expected),
      "--timeout-ms",
      "15000",
    ],
  );
  return out.split("\n").filter((line) => line.length > 0);
}

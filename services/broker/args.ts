/** The command line of `deno task kafka` and `deno task kafka:stop`. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";

export const BROKER_USAGE =
  `Usage: deno task kafka [--quiet] [--brokers N] [--secure]
       deno task kafka --status | --kill N | --restart N
       deno task kafka:stop

deno task kafka makes sure a Kafka broker answers at KAFKA_BROKERS (default
127.0.0.1:9092): it reuses one that answers, else starts one with docker
compose (docker-compose.yml), else a local KRaft broker from Apache Kafka's
jars (downloaded from Maven Central into .kafka/lib on first use; needs Java
17+ and Maven). Its data and logs are in .kafka/.

With --brokers N (2 to 5) it starts a local cluster instead: brokers 1..N on
consecutive ports from KAFKA_BROKERS' first port and one controller-only
node (id 0) on the port after them, each with its own folder, log and pid in
.kafka/cluster/. Nodes that already run are kept: a partly running cluster is
completed. With --secure, clients connect over SASL_SSL (SCRAM-SHA-512; CA and
broker certificate in .kafka/secrets/) and the environment to use is printed.
KAFKA_CLUSTER_ROOT names another folder than this project's to keep (and find)
the cluster's .kafka/cluster/ in.

deno task kafka:stop stops the broker or cluster deno task kafka started from
this folder; a broker it found already running is left alone.

  --brokers N   start a local cluster of N brokers (and one controller)
  --secure      a SASL_SSL listener for clients (with --brokers, or alone)
  --status      list the cluster's nodes, which answer, and the controller leader
  --kill N      kill -9 node N of the cluster (a crash, for drills)
  --restart N   stop node N of the cluster if it runs, and start it again
  --quiet       print nothing when a broker already answers (start only)
  -h, --help    show this help`;

export type BrokerAction =
  | { kind: "ensure" }
  | { kind: "status" }
  | { kind: "kill"; node: number }
  | { kind: "restart"; node: number };

export interface BrokerArgs {
  command: "start" | "stop";
  quiet: boolean;
  help: boolean;
  /** Brokers of a local cluster; undefined: the single broker as before. */
  brokers?: number;
  secure: boolean;
  action: BrokerAction;
}

function wholeNumber(
  name: string,
  value: string,
  min: number,
  max: number,
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw invalidFlag(name, `a whole number from ${min} to ${max}`, value);
  }
  return n;
}

/**
 * Parses `start|stop [flags]` (deno.json passes the command). Throws a
 * `UsageError` for an unknown command or flag, or flags that do not go together.
 */
export function parseBrokerArgs(args: readonly string[]): BrokerArgs {
  const { values, positionals, help } = parseFlags(args, {
    strings: ["brokers", "kill", "restart"],
    booleans: ["quiet", "secure", "status"],
    positionals: 1,
  });
  const [command = "start"] = positionals;
  if (command !== "start" && command !== "stop") {
    throw new UsageError(
      `Invalid command "${command}": expected start or stop`,
    );
  }
  const given = Object.keys(values);
  if (command === "stop" && given.length > 0) {
    throw new UsageError(
      `Invalid flag --${given[0]}: expected only with deno task kafka`,
    );
  }
  const actions = ["status", "kill", "restart"].filter((n) =>
    given.includes(n)
  );
  if (actions.length > 1) {
    throw new UsageError(
      `Invalid flags --${actions.join(", --")}: expected one of them`,
    );
  }
  const action: BrokerAction = values.status
    ? { kind: "status" }
    : values.kill !== undefined
    ? { kind: "kill", node: wholeNumber("kill", values.kill, 0, 5) }
    : values.restart !== undefined
    ? { kind: "restart", node: wholeNumber("restart", values.restart, 0, 5) }
    : { kind: "ensure" };
  return {
    command,
    quiet: values.quiet ?? false,
    help,
    brokers: values.brokers === undefined
      ? undefined
      : wholeNumber("brokers", values.brokers, 1, 5),
    secure: values.secure ?? false,
    action,
  };
}

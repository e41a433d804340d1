/** `deno task lab`: guided, self-checking drills (docs/labs/). Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseOrExit } from "../../shared/flags.ts";
import {
  createKafka,
  kafkaExitCode,
  kafkaProblem,
} from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import { topicNames } from "../../shared/topics.ts";
import { findLab, LABS } from "./catalog.ts";
import { parseLabArgs, USAGE } from "./cli.ts";
import { LabSetupError } from "./model.ts";
import { closeProbes } from "./probes.ts";
import { runLab } from "./runner.ts";

const options = parseOrExit(parseLabArgs, USAGE);
if (options.list) {
  for (const lab of LABS) {
    console.log(
      `${String(lab.number).padStart(2)}  ${lab.id.padEnd(12)} ${lab.title}`,
    );
    console.log(`    ${lab.goal}`);
  }
  Deno.exit(0);
}
const lab = findLab(options.name!);
if (!lab) {
  console.error(
    `Unknown lab "${options.name}": expected one of ${
      LABS.map((l) => l.id).join(", ")
    }, or its number`,
  );
  Deno.exit(2);
}

const config = loadConfigOrExit();
const kafka = createKafka(config, {
  clientSuffix: "lab",
  // Brokers die in some labs on purpose: the steps say what that does, and a
  // failure that ends the lab is reported below in one line.
  logger: createLogger("kafkajs", "silent"),
});
const admin = kafka.admin();
const clients = {
  config,
  kafka,
  admin,
  names: topicNames(config.KAFKA_TOPIC_PREFIX),
};
const stop = new AbortController();
const onSignal = () => stop.abort();
Deno.addSignalListener("SIGINT", onSignal);
Deno.addSignalListener("SIGTERM", onSignal);
try {
  await admin.connect();
  const outcomes = await runLab(lab, {
    mode: options.check ? "check" : "auto",
    short: options.short,
    clients,
    env: Deno.env.toObject(),
    say: (line) => console.log(line),
    signal: stop.signal,
  });
  const seen = outcomes.filter((o) => o.ok).length;
  const all = seen === lab.steps.length;
  console.log(
    `\n${
      all ? "Done" : "Not done"
    }: ${seen} of ${lab.steps.length} steps seen` +
      (all ? "" : `; see docs/labs/${lab.doc}`),
  );
  Deno.exitCode = all ? 0 : 1;
} catch (error) {
  console.error(
    `Lab ${lab.id} failed: ${
      error instanceof LabSetupError
        ? error.message
        : kafkaProblem(error, config.KAFKA_BROKERS)
    }`,
  );
  Deno.exitCode = stop.signal.aborted ? 130 : kafkaExitCode(error);
} finally {
  await closeProbes(clients);
  await admin.disconnect().catch(() => {});
}

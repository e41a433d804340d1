/** `deno task dashboard`: serves the live dashboard. Wiring only. */
// First: the KafkaJS patches must be in place before anything loads kafkajs.
import "../../shared/kafka_patches/install.ts";
import { loadConfigOrExit } from "../../shared/config.ts";
import { parseFlags, parseOrExit } from "../../shared/flags.ts";
import { kafkaExitCode, kafkaProblem } from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import { startDashboard } from "./server.ts";

const USAGE = `Usage: deno task dashboard [--dev]

  --dev   rebuild the browser bundle when islands/, components/ or lib/ change

Config from the environment: DASHBOARD_HOST, DASHBOARD_PORT, KAFKA_BROKERS,
KAFKA_TOPIC_PREFIX, PROCESSOR_GROUP_ID, LOG_LEVEL (see shared/config.ts).`;

const { values: flags } = parseOrExit(
  (args) => parseFlags(args, { booleans: ["dev"] }),
  USAGE,
);

const config = loadConfigOrExit();
const logger = createLogger("dashboard", config.LOG_LEVEL);
let dashboard;
try {
  dashboard = await startDashboard(config, { dev: flags.dev, logger });
} catch (error) {
  if (error instanceof Deno.errors.AddrInUse) {
    logger.error(
      `Cannot start the dashboard: port ${config.DASHBOARD_PORT} on ${config.DASHBOARD_HOST} is taken by another process (set DASHBOARD_PORT to use another)`,
    );
  } else {
    logger.error(
      `Cannot start the dashboard: ${
        kafkaProblem(error, config.KAFKA_BROKERS)
      }`,
    );
  }
  Deno.exit(kafkaExitCode(error));
}
const running = dashboard;

let exiting = false;
async function shutdown(signal: string) {
  if (exiting) return;
  exiting = true;
  logger.info("shutting down", { signal });
  const deadline = setTimeout(() => {
    logger.warn("shutdown deadline passed; exiting");
    Deno.exit(1);
  }, 10_000);
  await running.shutdown();
  clearTimeout(deadline);
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => shutdown(signal));
}

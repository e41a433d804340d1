/** A worker thread of `deno task process`: one Processor, a member of the group of its own. */
// First: the KafkaJS patches must be in place before anything loads kafkajs,
// and a worker loads its modules afresh.
import "../../shared/kafka_patches/install.ts";
import { kafkaExitCode, kafkaProblem } from "../../shared/kafka.ts";
import { createLogger } from "../../shared/log.ts";
import { createProcessor } from "./instance.ts";
import type { Processor } from "./processor.ts";
import type { FromWorker, ToWorker } from "./worker_protocol.ts";

/** The part of a worker's global scope used here (the project's types are the main thread's). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

const scope = globalThis as unknown as WorkerScope;
let processor: Processor | null = null;
const join = Promise.withResolvers<void>();

async function start(
  { config, options }: Extract<ToWorker, { type: "start" }>,
) {
  const logger = createLogger("processor", config.LOG_LEVEL);
  try {
    processor = createProcessor(config, {
      ...options,
      onCaughtUp: options.untilCaughtUp
        ? (report) => scope.postMessage({ type: "caught-up", report })
        : undefined,
      beforeJoin: () => {
        scope.postMessage({ type: "ready" });
        return join.promise;
      },
    }, logger);
    scope.postMessage({ type: "done", result: await processor.run() });
  } catch (error) {
    scope.postMessage({
      type: "failed",
      message: kafkaProblem(error, config.KAFKA_BROKERS),
      code: kafkaExitCode(error),
    });
  }
}

scope.onmessage = ({ data }) => {
  switch (data.type) {
    case "start":
      return void start(data);
    case "join":
      return join.resolve();
    case "stop":
      join.resolve();
      return processor?.stop();
    case "finish":
      return processor?.stop(true);
  }
};

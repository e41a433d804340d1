import assert from "node:assert/strict";
import { loadConfig } from "../../../shared/config.ts";
import { deadline } from "../../../shared/deadline.ts";
import { createLogger } from "../../../shared/log.ts";
import {
  WorkerFailure,
  WorkerPool,
} from "../../../services/processor/worker_pool.ts";

const module = new URL("./fixtures/fake_worker.ts", import.meta.url);
const config = loadConfig({ LOG_LEVEL: "silent" });
const logger = createLogger("test", "silent");

function pool(instanceId: string, untilCaughtUp: boolean) {
  return new WorkerPool({
    workers: 3,
    config,
    run: {
      untilCaughtUp,
      drain: false,
      instanceId,
      semantics: "exactly-once",
      crashAtCommit: null,
    },
    logger,
    module,
  });
}

Deno.test("WorkerPool finishes every worker once all are caught up, and adds up their results", async () => {
  const result = await deadline(pool("catch-up", true).run(), 10_000);
  assert.equal(result.caughtUp, true);
  assert.equal(result.stats.recordsIn, 1 + 2 + 3);
  assert.equal(result.peakRssBytes, 300);
});

Deno.test("WorkerPool forwards a stop to every worker", async () => {
  const workers = pool("live", false);
  // run() has started the workers by the time it first waits.
  const running = workers.run();
  workers.stop();
  const result = await deadline(running, 10_000);
  assert.equal(result.caughtUp, false);
  assert.equal(result.stats.recordsIn, 6);
});

Deno.test("WorkerPool fails the run with the failing worker's reason and code once the others stopped", async () => {
  const started = Date.now();
  await assert.rejects(
    () => deadline(pool("fail", false).run(), 10_000),
    (error) => {
      assert.ok(error instanceof WorkerFailure);
      assert.equal(error.message, "fail-w1: boom");
      assert.equal(error.code, 3);
      return true;
    },
  );
  assert.ok(Date.now() - started < 10_000, "the others stopped when told");
});

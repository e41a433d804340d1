/** Starts the dashboard: the metrics consumer, the SSE hub, the island bundle and the HTTP server. */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { Config } from "../../shared/config.ts";
import { brokerAnswers, createKafka } from "../../shared/kafka.ts";
import { createLogger, type Logger } from "../../shared/log.ts";
import { processorGroupId, topicNames } from "../../shared/topics.ts";
import { readVerifyResult } from "../../shared/verify_result.ts";
import { createApp } from "../../shared/web/app.ts";
import { createIslandBundler } from "../../shared/web/island_bundler.ts";
import { readGroupSnapshot, readReplication } from "../monitor/group_poll.ts";
import { readKafkaOverview } from "./kafka_overview.ts";
import { createPagesBackend } from "./pages_backend.ts";
import { Monitor } from "./monitor.ts";
import { MetricsConsumer } from "./metrics_consumer.ts";
import { MetricStore } from "./metric_store.ts";
import { SseHub } from "./sse_hub.ts";
import { cached, type DashboardState } from "./state.ts";
import { createThrottle } from "./throttle.ts";
import { indexWindows, pageWindows } from "../../lib/windows.ts";
import { brokerSources, LabWatchers } from "../labs/watch.ts";

/** The dashboard app's root: where its routes/, islands/, components/, lib/ and static/ are. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Folders the islands import from: a change there changes the bundle. */
export const ISLAND_SOURCES = ["components", "lib"].map((d) => join(ROOT, d));

export interface DashboardOptions {
  /** Rebuild the island bundle when islands, components or lib change. @default false */
  dev?: boolean;
  logger?: Logger;
  /** Minimum time between two update events. @default 150 */
  updateIntervalMs?: number;
  /** SSE heartbeat period. @default 15_000 */
  heartbeatMs?: number;
  /** How long a cleared alert stays on the page. @default 300_000 */
  keepClearedMs?: number;
  /** How often every group's lag is sampled for the groups page. @default 5_000 */
  groupSampleMs?: number;
  /** Between two snapshots of a lab a page watches. @default 1_500 */
  labPollMs?: number;
}

export interface RunningDashboard {
  url: string;
  state: DashboardState;
  /** Resolves once the metrics present at start have been read. */
  replayed: Promise<void>;
  /** Stops everything; safe to call twice. */
  shutdown(): Promise<void>;
}

export async function startDashboard(
  config: Config,
  options: DashboardOptions = {},
): Promise<RunningDashboard> {
  const {
    dev = false,
    updateIntervalMs = 150,
    heartbeatMs = 15_000,
    keepClearedMs = 300_000,
    groupSampleMs = 5_000,
    labPollMs = 1_500,
    logger = createLogger("dashboard", config.LOG_LEVEL),
  } = options;
  const names = topicNames(config.KAFKA_TOPIC_PREFIX);
  const kafka = createKafka(config, {
    clientSuffix: `dashboard-${Deno.hostname()}-${Deno.pid}`,
    logger: logger.child("kafkajs"),
  });
  const store = new MetricStore();
  const hub = new SseHub({
    snapshot: () => pageWindows(store.windows()),
    heartbeatMs,
  });
  const throttle = createThrottle(
    () => hub.publish(store.takeChanges()),
    updateIntervalMs,
  );
  const consumer = new MetricsConsumer({
    kafka,
    topic: names.metrics,
    groupId: `${config.KAFKA_TOPIC_PREFIX}dashboard-${hub.bootId}`,
    store,
    onChange: throttle.schedule,
    logger,
  });
  const admin = kafka.admin();
  await admin.connect();
  const monitor = new Monitor({
    poll: () =>
      readGroupSnapshot({
        admin,
        groupId: processorGroupId(config),
        topics: names.store,
      }),
    replication: () =>
      readReplication(admin, [
        ...names.store,
        names.deadLetter,
        names.enriched,
        names.metrics,
      ]),
    verify: () => readVerifyResult(config.KAFKA_TOPIC_PREFIX),
    index: () => indexWindows(store.windows()),
    onState: (next) => hub.status("monitor", next),
    pollMs: config.DASHBOARD_POLL_MS,
    stallMs: config.DASHBOARD_STALL_MS,
    // Long enough to span a few polls and the processor's commit interval.
    rateWindowMs: Math.max(10_000, 3 * config.DASHBOARD_POLL_MS),
    keepClearedMs,
    logger,
  });
  const clusterOverview = cached(() =>
    readKafkaOverview(
      admin,
      [...names.store, names.deadLetter, names.enriched, names.metrics],
      processorGroupId(config),
    ), 2_000);
  const pages = createPagesBackend({
    kafka,
    admin,
    access: { host: config.DASHBOARD_HOST, token: config.DASHBOARD_TOKEN },
    deadLetterTopic: names.deadLetter,
    groupPrefix: config.KAFKA_TOPIC_PREFIX,
    sampleMs: groupSampleMs,
    logger,
  });
  const labs = new LabWatchers({
    ...brokerSources({ config, kafka, admin, names }),
    pollMs: labPollMs,
    logger: logger.child("labs"),
  });
  const state: DashboardState = {
    store,
    hub,
    consumer: consumer.stats,
    kafkaOverview: async () => ({
      ...await clusterOverview(),
      group: monitor.current().group,
    }),
    monitor: () => monitor.current(),
    brokerReachable: cached(
      () => brokerAnswers(config.KAFKA_BROKERS, 2_000),
      5_000,
    ),
    pages,
    labs,
    startedAt: Date.now(),
    now: Date.now,
  };

  const bundler = createIslandBundler({
    root: ROOT,
    sourceDirs: ISLAND_SOURCES,
    watch: dev,
    onRebuilt: (b) => logger.info("islands rebuilt", { path: b.path }),
    onError: (error) => logger.error("island bundle failed", { error }),
  });

  const handler = await createApp({
    root: ROOT,
    state,
    bundle: bundler.current,
    logger,
  });
  try {
    await consumer.start();
  } catch (error) {
    await admin.disconnect().catch(() => {});
    bundler.close();
    throw new Error(
      `Cannot consume ${names.metrics}: ${
        error instanceof Error ? error.message : String(error)
      } (does the topic exist? run deno task topics)`,
    );
  }
  const listening = Promise.withResolvers<string>();
  const server = Deno.serve({
    hostname: config.DASHBOARD_HOST,
    port: config.DASHBOARD_PORT,
    onListen: ({ hostname, port }) => {
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      listening.resolve(`http://${host}:${port}`);
    },
  }, handler);
  const url = await listening.promise;
  monitor.start();
  pages.start();
  logger.info("dashboard listening", { url, topic: names.metrics });

  let stopping: Promise<void> | undefined;
  return {
    url,
    state,
    replayed: consumer.replayed,
    shutdown() {
      stopping ??= (async () => {
        throttle.stop();
        bundler.close();
        hub.close();
        await monitor.stop();
        await pages.stop();
        await labs.stop();
        await Promise.allSettled([
          consumer.stop(),
          admin.disconnect(),
          server.shutdown(),
        ]);
      })();
      return stopping;
    },
  };
}

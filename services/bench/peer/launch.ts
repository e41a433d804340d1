/**
 * Starting the Kafka Streams peer as a child process, like Kafka's own tools:
 * its command line from our topic names and settings, and the moment it
 * reports that its client starts.
 */
import { CATALOG } from "../../../shared/catalog.ts";
import {
  type RunningService,
  spawnService,
} from "../../../shared/supervisor.ts";
import { EVENT_TYPES } from "../../../shared/schemas/events.ts";
import type { TopicNames } from "../../../shared/topics.ts";
import { PEER_MAIN_CLASS, type PeerBuild } from "./build.ts";
import type { PeerTopicNames } from "./topics.ts";

/** The line the peer prints just before `KafkaStreams.start()`. */
export const STARTED_LINE = "peer: started";

export interface PeerRunOptions {
  brokers: string[];
  /** Its consumer group, transactional ids and internal topics' prefix. */
  applicationId: string;
  /** A fresh folder for its RocksDB state. */
  stateDir: string;
  /** The file {@linkcode writeCatalogFile} wrote. */
  catalogFile: string;
  /** Our store topics (read) and the peer's own outputs (written). */
  inputs: TopicNames;
  outputs: PeerTopicNames;
  latenessMs: number;
  maxEventBytes: number;
  /** Kafka Streams' commit.interval.ms. @default 1000, our processor's cadence while catching up */
  commitIntervalMs?: number;
  /** On stop, emit every open window as final. @default true */
  drain?: boolean;
  /** Maximum JVM heap. @default "512m" */
  heap?: string;
}

/** The `java` command line of a peer run. */
export function peerJavaArgs(
  build: PeerBuild,
  options: PeerRunOptions,
): string[] {
  const inputs = EVENT_TYPES.flatMap((type) => [
    "--input",
    `${type}=${options.inputs.events[type]}`,
  ]);
  return [
    `-Xmx${options.heap ?? "512m"}`,
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dorg.slf4j.simpleLogger.logFile=System.err",
    "-cp",
    build.classpath,
    PEER_MAIN_CLASS,
    "--brokers",
    options.brokers.join(","),
    "--application-id",
    options.applicationId,
    "--state-dir",
    options.stateDir,
    ...inputs,
    "--dead-letter",
    options.outputs.deadLetter,
    "--enriched",
    options.outputs.enriched,
    "--metrics",
    options.outputs.metrics,
    "--catalog",
    options.catalogFile,
    "--lateness-ms",
    String(options.latenessMs),
    "--max-event-bytes",
    String(options.maxEventBytes),
    "--commit-interval-ms",
    String(options.commitIntervalMs ?? 1_000),
    ...(options.drain === false ? [] : ["--drain"]),
  ];
}

/** Writes the catalog the peer enriches with, from shared/catalog.ts. */
export async function writeCatalogFile(file: string): Promise<void> {
  const games = CATALOG.map(({ id, title, genre, price }) => ({
    id,
    title,
    genre,
    price,
  }));
  await Deno.writeTextFile(file, JSON.stringify(games));
}

export interface RunningPeer extends RunningService {
  /** `performance.now()` when the peer printed {@linkcode STARTED_LINE}; rejects if it exits first. */
  started: Promise<number>;
}

/** Starts a peer run in `root`; stop it with `stop()` (SIGTERM: emit, commit, exit 0). */
export function startPeer(
  root: string,
  build: PeerBuild,
  options: PeerRunOptions,
): RunningPeer {
  let markStarted!: (at: number) => void;
  const started = new Promise<number>((resolve) => markStarted = resolve);
  const service = spawnService(
    { name: "streams-peer", args: peerJavaArgs(build, options) },
    {
      executable: "java",
      cwd: root,
      onLine: (line) => {
        if (line.startsWith(STARTED_LINE)) markStarted(performance.now());
      },
    },
  );
  const exitedFirst = service.done.then((status) => {
    throw new Error(
      `The Kafka Streams peer exited with ${status.code} before it started:\n${service.tail()}`,
    );
  });
  exitedFirst.catch(() => {});
  // The same object: `exited` and `killed` change on it as the process runs.
  return Object.assign(service, {
    started: Promise.race([started, exitedFirst]),
  });
}

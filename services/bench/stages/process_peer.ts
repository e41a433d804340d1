/**
 * The process stage's second reference: the Kafka Streams peer on the same
 * backlog. Its speed is measured from the outside, from the moment its client
 * starts to the moment its group's committed offsets reach the topics' ends,
 * and its output is checked against ours.
 */
import type { BenchContext, StageTopics } from "../context.ts";
import { fetchLag } from "../lag.ts";
import { sampleMemory } from "../proc_status.ts";
import type { PeerBuild } from "../peer/build.ts";
import {
  comparePeer,
  formatPeerCheck,
  type PeerCheck,
} from "../peer/compare.ts";
import { startPeer } from "../peer/launch.ts";
import { readLatestMetrics } from "../peer/read_metrics.ts";
import { peerTopicNames, peerTopicSpecs } from "../peer/topics.ts";
import { ensureTopics } from "../../topics/ensure_topics.ts";
import { clusterReplicationFactor } from "../../../shared/replication.ts";
import { createDirectFetcher } from "../../../shared/topic_reader.ts";
import { pollUntil } from "../../../shared/poll.ts";

const MB = 1024 * 1024;
/** How often the peer's committed offsets are read while it catches up. */
const LAG_POLL_MS = 100;

export interface PeerRunResult {
  eventsPerSec: number;
  peakRssMb: number;
}

/** Creates the peer's output topics under the stage's prefix (deleted with the stage's topics). */
export async function createPeerTopics(ctx: BenchContext, topics: StageTopics) {
  const replication = await clusterReplicationFactor(
    ctx.admin,
    ctx.config.KAFKA_REPLICATION_FACTOR,
  );
  await ensureTopics(ctx.admin, peerTopicSpecs(topics.prefix, replication));
}

/**
 * One peer run with a fresh application id (so a fresh group and fresh
 * internal topics) and a fresh state folder: events/s from its start to
 * caught up, and its peak RSS. It is stopped once caught up, and then emits
 * its open windows (as our processor's `--drain` does) before it exits.
 */
export async function runPeerOnce(
  ctx: BenchContext,
  topics: StageTopics,
  peer: { build: PeerBuild; catalogFile: string },
  run: number,
  backlog: number,
): Promise<PeerRunResult> {
  const applicationId = `${topics.prefix}bench-streams-${run}`;
  // Under .kafka/, not the OS temp folder, which Kafka Streams warns about.
  await Deno.mkdir(`${ctx.root}/.kafka`, { recursive: true });
  const stateDir = await Deno.makeTempDir({
    dir: `${ctx.root}/.kafka`,
    prefix: "streams-state-",
  });
  const child = startPeer(ctx.root, peer.build, {
    brokers: ctx.config.KAFKA_BROKERS,
    applicationId,
    stateDir,
    catalogFile: peer.catalogFile,
    inputs: topics.names,
    outputs: peerTopicNames(topics.prefix),
    latenessMs: ctx.config.PROCESSOR_ALLOWED_LATENESS_MS,
    maxEventBytes: ctx.config.PROCESSOR_MAX_EVENT_BYTES,
  });
  const memory = sampleMemory(child.pid, 250);
  try {
    const started = await child.started;
    await pollUntil(async () => {
      if (child.exited) {
        throw new Error(`The Kafka Streams peer exited:\n${child.tail()}`);
      }
      return await fetchLag(ctx.admin, applicationId, topics.names.store) ===
        0;
    }, {
      timeoutMs: 120_000 + backlog / 2,
      what: "the Kafka Streams peer to catch up",
      intervalMs: LAG_POLL_MS,
      signal: ctx.signal,
    });
    const elapsedMs = performance.now() - started;
    const status = await child.stop(30_000);
    if (status.code !== 0) {
      throw new Error(
        `The Kafka Streams peer exited with ${status.code} when stopped:\n${child.tail()}`,
      );
    }
    await memory.stop();
    return {
      eventsPerSec: backlog / (elapsedMs / 1000),
      peakRssMb: memory.peak() / MB,
    };
  } finally {
    await child.stop(10_000);
    await memory.stop();
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
}

/**
 * Compares the peer's metrics with ours, read committed, after both caught
 * up on the same backlog; throws when they differ, since a ratio to a peer
 * that computes other numbers would mean nothing.
 */
export async function checkPeer(
  ctx: BenchContext,
  topics: StageTopics,
): Promise<PeerCheck> {
  const fetcher = await createDirectFetcher(ctx.kafka);
  try {
    const ours = await readLatestMetrics(fetcher, topics.names.metrics);
    const peer = await readLatestMetrics(
      fetcher,
      peerTopicNames(topics.prefix).metrics,
    );
    const check = comparePeer(ours.latest, peer.latest);
    if (!check.equal || peer.invalid > 0) {
      throw new Error(
        `The Kafka Streams peer's metrics differ from ours (${peer.invalid} invalid records):\n${
          formatPeerCheck(check)
        }`,
      );
    }
    return check;
  } finally {
    await fetcher.disconnect().catch(() => {});
  }
}

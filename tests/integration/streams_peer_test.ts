/**
 * The Kafka Streams peer of the bench against our processor on the same
 * backlog with invalid records in it: the same dead letters (by source and
 * reason), the same enriched events, the same three metrics.
 */
import assert from "node:assert/strict";
import { withTestTopics } from "./fixture.ts";
import { PROCESSOR, produce, run } from "./services.ts";
import {
  ensurePeerBuilt,
  PEER_MAIN_CLASS,
} from "../../services/bench/peer/build.ts";
import {
  comparePeer,
  formatPeerCheck,
} from "../../services/bench/peer/compare.ts";
import {
  startPeer,
  writeCatalogFile,
} from "../../services/bench/peer/launch.ts";
import { readLatestMetrics } from "../../services/bench/peer/read_metrics.ts";
import {
  peerTopicNames,
  peerTopicSpecs,
} from "../../services/bench/peer/topics.ts";
import { fetchLag } from "../../services/bench/lag.ts";
import { ensureTopics } from "../../services/topics/ensure_topics.ts";
import {
  createDirectFetcher,
  type DirectFetcher,
} from "../../shared/topic_reader.ts";
import { pollUntil } from "../../shared/poll.ts";
import { integrationTest } from "./fixture.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const decoder = new TextDecoder();

function header(value: Uint8Array | Uint8Array[] | undefined): string {
  return value instanceof Uint8Array ? decoder.decode(value) : "";
}

/** Every committed record of a topic, markers left out. */
async function readAll(fetcher: DirectFetcher, topic: string) {
  const records = [];
  for (const { partition, low, high } of await fetcher.offsets(topic)) {
    let offset = low;
    while (offset < high) {
      const page = await fetcher.fetch({
        topic,
        partition,
        offset,
        isolation: "read_committed",
        maxBytes: 4 * 1024 * 1024,
        maxWaitMs: 200,
      });
      records.push(...page.records.filter((r) => !r.control));
      offset = page.next;
    }
  }
  return records;
}

/** `source topic:partition:offset` → reason, for every dead letter. */
async function deadLetters(fetcher: DirectFetcher, topic: string) {
  const byPosition = new Map<string, string>();
  for (const r of await readAll(fetcher, topic)) {
    const at = ["topic", "partition", "offset"].map((field) =>
      header(r.headers[`dlq.source.${field}`])
    ).join(":");
    byPosition.set(at, header(r.headers["dlq.reason"]));
  }
  return byPosition;
}

/** The sorted `event_id`s of an enriched topic, and its keys. */
async function enriched(fetcher: DirectFetcher, topic: string) {
  const records = await readAll(fetcher, topic);
  const ids = records.map((r) => JSON.parse(decoder.decode(r.value!)).event_id);
  const keys = new Set(records.map((r) => decoder.decode(r.key!)));
  return { ids: ids.sort(), keys: [...keys].sort() };
}

integrationTest(
  "the Kafka Streams peer matches our processor on a backlog with invalid and late records: dead letters, enriched events, metrics",
  async () => {
    const build = await ensurePeerBuilt({ root: ROOT, say: () => {} });
    const t = await withTestTopics("peer");
    const prefix = t.config.KAFKA_TOPIC_PREFIX;
    const outputs = peerTopicNames(prefix);
    const catalogFile = await Deno.makeTempFile({ suffix: ".json" });
    const stateDir = await Deno.makeTempDir();
    const fetcher = await createDirectFetcher(t.kafka);
    try {
      await ensureTopics(t.admin, peerTopicSpecs(prefix, 1));
      await writeCatalogFile(catalogFile);
      const produced = await produce(t, [
        "--events",
        "3000",
        "--seed",
        "16",
        "--bad-ratio",
        "0.05",
      ]);
      assert.ok(produced.bad > 50, `${produced.bad} bad records`);
      // Events from a quarter of an hour before, after the rest in every
      // partition: late for both, so the windows' grace is compared too.
      const late = await produce(t, [
        "--events",
        "300",
        "--seed",
        "17",
        "--start",
        new Date(Date.now() - 15 * 60_000).toISOString(),
      ]);
      const summaryFile = await Deno.makeTempFile({ suffix: ".json" });
      await run(t, PROCESSOR, [
        "--until-caught-up",
        "--drain",
        "--summary-json",
        summaryFile,
      ]);
      const summary = JSON.parse(await Deno.readTextFile(summaryFile));
      await Deno.remove(summaryFile);
      assert.ok(summary.late_events > 100, `${summary.late_events} late`);

      const applicationId = `${prefix}streams-peer`;
      const peer = startPeer(ROOT, build, {
        brokers: t.config.KAFKA_BROKERS,
        applicationId,
        stateDir,
        catalogFile,
        inputs: t.names,
        outputs,
        latenessMs: t.config.PROCESSOR_ALLOWED_LATENESS_MS,
        maxEventBytes: t.config.PROCESSOR_MAX_EVENT_BYTES,
      });
      try {
        await peer.started;
        await pollUntil(
          async () => {
            assert.equal(peer.exited, false, peer.tail());
            return await fetchLag(t.admin, applicationId, t.names.store) === 0;
          },
          { timeoutMs: 60_000, what: "the peer to catch up" },
        );
      } finally {
        const status = await peer.stop(30_000);
        assert.equal(status.code, 0, peer.tail());
      }

      const ours = await deadLetters(fetcher, t.names.deadLetter);
      assert.equal(ours.size, produced.bad);
      assert.deepEqual(await deadLetters(fetcher, outputs.deadLetter), ours);

      const ourEvents = await enriched(fetcher, t.names.enriched);
      assert.equal(ourEvents.ids.length, produced.valid + late.valid);
      assert.deepEqual(await enriched(fetcher, outputs.enriched), ourEvents);

      const check = comparePeer(
        (await readLatestMetrics(fetcher, t.names.metrics)).latest,
        (await readLatestMetrics(fetcher, outputs.metrics)).latest,
      );
      assert.equal(check.equal, true, formatPeerCheck(check));
    } finally {
      await fetcher.disconnect().catch(() => {});
      await Deno.remove(stateDir, { recursive: true }).catch(() => {});
      await Deno.remove(catalogFile).catch(() => {});
      await t.cleanup();
    }
  },
  180_000,
);

integrationTest(
  "the Kafka Streams peer answers --help without acting and exits 2 on a bad or unknown flag",
  async () => {
    const build = await ensurePeerBuilt({ root: ROOT, say: () => {} });
    const java = (args: string[]) =>
      new Deno.Command("java", {
        args: ["-cp", build.classpath, PEER_MAIN_CLASS, ...args],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const help = await java(["--help"]);
    assert.equal(help.code, 0);
    assert.match(decoder.decode(help.stdout), /^Usage: java .*PeerMain/);
    const bad = await java(["--lateness-ms", "soon"]);
    assert.equal(bad.code, 2);
    assert.match(
      decoder.decode(bad.stderr),
      /^Invalid --lateness-ms: expected a whole number from 0 to 3600000, got soon/,
    );
    const unknown = await java(["--lateness", "5"]);
    assert.equal(unknown.code, 2);
    assert.match(decoder.decode(unknown.stderr), /^Unknown flag --lateness\n/);
  },
);

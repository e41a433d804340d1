/**
 * Lab 6: bad records go to the dead-letter topic with a reason; an outage
 * sends a burst of them; the repairable ones are fixed, replayed to their
 * source topics and processed; verify counts them once.
 */
import { DLQ_HEADERS } from "../../processor/dead_letter.ts";
import type { Lab } from "../model.ts";
import {
  fetcherFor,
  jsonValue,
  newestRecords,
  retryMovedStart,
} from "../probes.ts";
import type { LabClients } from "../snapshot.ts";
import {
  countDeadLetter,
  deadLettersWithReasons,
  type DeadLetterTally,
  emptyTally,
  outageBurst,
  type Replayed,
  type ReplayFigures,
  replaysProcessed,
  verifiedAfterReplay,
} from "./dead_letters_checks.ts";
import { readRecords } from "../../../shared/topic_reader.ts";

const SEED = "6";
const decoder = new TextDecoder();

function text(header: Uint8Array | Uint8Array[] | undefined) {
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined ? undefined : decoder.decode(value);
}

/** What was counted so far, per set of clients: dead letters are read once each. */
const tallies = new WeakMap<
  LabClients,
  { from: bigint; next: bigint; tally: DeadLetterTally }
>();

/** Reads the dead-letter topic (one partition) from where the last call stopped. */
function deadLetters(clients: LabClients): Promise<DeadLetterTally> {
  // A retry sees the new start offset, and counts again from there.
  return retryMovedStart(() => readDeadLetters(clients));
}

async function readDeadLetters(clients: LabClients): Promise<DeadLetterTally> {
  const { admin, names } = clients;
  const topics = new Set(await admin.listTopics());
  let storeRecords = 0;
  for (const topic of names.store.filter((t) => topics.has(t))) {
    for (const o of await admin.fetchTopicOffsets(topic)) {
      storeRecords += Number(o.high) - Number(o.low);
    }
  }
  if (!topics.has(names.deadLetter)) return { ...emptyTally(), storeRecords };
  const fetcher = await fetcherFor(clients);
  const [range] = await fetcher.offsets(names.deadLetter);
  let seen = tallies.get(clients);
  // Emptied (deno task reset) or recreated since: count again.
  if (!seen || range.low !== seen.from || range.high < seen.next) {
    seen = { from: range.low, next: range.low, tally: emptyTally() };
    tallies.set(clients, seen);
  }
  while (seen.next < range.high) {
    const page = await readRecords({
      fetcher,
      topic: names.deadLetter,
      partition: 0,
      from: { kind: "offset", offset: seen.next },
      limit: 1000,
      maxScan: 1000,
    });
    const next = page.partitions[0].next;
    for (const r of page.records) {
      countDeadLetter(
        seen.tally,
        Object.fromEntries(
          Object.entries(r.headers).map(([k, v]) => [k, text(v)]),
        ),
        r.timestamp,
      );
    }
    if (next <= seen.next) break;
    seen.next = next;
  }
  return { ...seen.tally, storeRecords };
}

/** Replayed records among the newest on the store topics, and which of them reached the enriched topic. */
async function replays(clients: LabClients): Promise<ReplayFigures> {
  const replayed: Replayed[] = [];
  for (const topic of clients.names.store) {
    for (const r of await newestRecords(clients, topic, 500)) {
      const of = text(r.headers[DLQ_HEADERS.replayOf]);
      if (of === undefined) continue;
      const id = jsonValue(r)?.event_id;
      replayed.push({
        topic,
        partition: r.partition,
        offset: Number(r.offset),
        of,
        eventId: typeof id === "string" ? id : null,
      });
    }
  }
  if (replayed.length === 0) return { replayed, enriched: [] };
  const wanted = new Set(replayed.map((r) => r.eventId));
  const enriched = (await newestRecords(clients, clients.names.enriched, 2000))
    .map((r) => jsonValue(r)?.event_id)
    .filter((id): id is string => typeof id === "string" && wanted.has(id));
  return { replayed, enriched };
}

const produce = (flags: string[], start: string, events: string) => [
  ...flags,
  "--events",
  events,
  "--seed",
  SEED,
  "--start",
  start,
];

export const deadLettersLab: Lab = {
  number: 6,
  id: "dead-letters",
  title: "Dead letters",
  goal:
    "See bad records set aside on the dead-letter topic with the reason for each, an outage send a burst of them, and the repairable ones fixed, replayed and counted once.",
  doc: "06-dead-letters.md",
  probes: { deadLetters, replays },
  env: () => ({ PROCESSOR_SESSION_TIMEOUT_MS: "6000", LOG_LEVEL: "warn" }),
  async setup(run) {
    await run.run("reset", ["--all", "--yes"]);
  },
  steps: [
    {
      title: "bad records are dead-lettered, each with its reason",
      doIt: [
        "deno task reset --all --yes",
        "deno task produce --bad-ratio 0.05 --events 4000 --seed 6 --start 2026-11-22T10:00:00Z",
        "deno task process --until-caught-up",
        "deno task peek store.dead-letter --limit 5",
        "Watch: /dead-letters (per reason, and the newest with their source record); 'dead letters, 1 h' on /",
      ],
      async act(run) {
        await run.run(
          "produce",
          produce(["--bad-ratio", "0.05"], "2026-11-22T10:00:00Z", "4000"),
        );
        await run.run("process", ["--until-caught-up"]);
      },
      expect: deadLettersWithReasons,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title: "an outage: a burst of bad records",
      doIt: [
        "deno task produce --scenario outage --events 4000 --seed 6 --start 2026-11-22T10:05:00Z",
        "deno task process --until-caught-up",
        "Watch: the bars on /dead-letters, and the end offset on /topics/<prefix>store.dead-letter",
      ],
      async act(run) {
        await run.run(
          "produce",
          produce(["--scenario", "outage"], "2026-11-22T10:05:00Z", "4000"),
        );
        await run.run("process", ["--until-caught-up"]);
      },
      expect: outageBurst,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title:
        "fix and replay: the repairable dead letters go back and are processed",
      doIt: [
        "deno task dlq replay --fix --dry-run",
        "deno task dlq replay --fix",
        "deno task process --until-caught-up",
        "deno task peek store.cart-events --limit 3   (replayed records carry dlq.replay.of)",
      ],
      async act(run) {
        await run.run("dlq", ["replay", "--fix"]);
        await run.run("process", ["--until-caught-up"]);
      },
      expect: replaysProcessed,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title:
        "verify: the replayed events are counted once, the rest stay dead letters",
      doIt: ["deno task verify"],
      async act(run) {
        await run.run("verify", []);
      },
      expect: verifiedAfterReplay,
      timeoutMs: { auto: 40_000, manual: 600_000 },
    },
  ],
};

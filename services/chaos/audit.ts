/**
 * The drill's count of what came out against what went in: every valid input
 * event must appear exactly once on the enriched topic, read by Kafka's own
 * console consumer in read_committed (an independent reader).
 */
import type { Admin, Kafka } from "kafkajs";
import { EVENT_TYPES } from "../../shared/schemas/events.ts";
import type { TopicNames } from "../../shared/topics.ts";
import { PROJECT_ROOT } from "../broker/launcher.ts";
import { consoleConsumerValues } from "../broker/tools.ts";
import { DLQ_HEADERS } from "../processor/dead_letter.ts";
import { classifyRecord } from "../processor/validate.ts";
import { highWatermarks, readToEnd } from "../processor/verify/read_topics.ts";

export interface Audit {
  /** Valid input events (less the ones the drill made to be rejected). */
  input: number;
  enriched: number;
  missing: number;
  duplicates: number;
  deadLetters: number;
  /** Dead letters for a source record that already had one. */
  duplicateDeadLetters: number;
}

function countIds(ids: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export async function auditOutput(options: {
  kafka: Kafka;
  admin: Admin;
  brokers: string[];
  names: TopicNames;
  maxEventBytes: number;
  /** Valid-looking events the processor must dead-letter (far-future timestamps). */
  rejectedIds: ReadonlySet<string>;
}): Promise<Audit> {
  const { kafka, admin, names } = options;
  const inputIds: string[] = [];
  await readToEnd(
    kafka,
    admin,
    await highWatermarks(admin, names.store),
    (topic, _partition, messages) => {
      const type = EVENT_TYPES[names.store.indexOf(topic)];
      for (const m of messages) {
        const verdict = classifyRecord(m.value, type, options.maxEventBytes);
        if (!verdict.ok) continue;
        if (!options.rejectedIds.has(verdict.event.event_id)) {
          inputIds.push(verdict.event.event_id);
        }
      }
    },
  );
  const enrichedIds = (await consoleConsumerValues(
    options.brokers,
    names.enriched,
    { idleMs: 10_000 },
  )).map((line) => (JSON.parse(line) as { event_id: string }).event_id);
  const sources: string[] = [];
  await readToEnd(
    kafka,
    admin,
    await highWatermarks(admin, [names.deadLetter]),
    (_topic, _partition, messages) => {
      for (const m of messages) {
        const h = m.headers ?? {};
        sources.push(
          `${h[DLQ_HEADERS.topic]}:${h[DLQ_HEADERS.partition]}:${
            h[DLQ_HEADERS.offset]
          }`,
        );
      }
    },
  );
  const expected = countIds(inputIds);
  const got = countIds(enrichedIds);
  let missing = 0;
  let duplicates = 0;
  for (const [id, n] of expected) {
    missing += Math.max(0, n - (got.get(id) ?? 0));
  }
  for (const [id, n] of got) {
    duplicates += Math.max(0, n - (expected.get(id) ?? 0));
  }
  return {
    input: inputIds.length,
    enriched: enrichedIds.length,
    missing,
    duplicates,
    deadLetters: sources.length,
    duplicateDeadLetters: sources.length - new Set(sources).size,
  };
}

/** Runs `deno task verify` against the drill's broker and prefix. */
export async function runVerify(
  env: Record<string, string>,
): Promise<{ ok: boolean; output: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "services/processor/verify.ts"],
    cwd: PROJECT_ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return { ok: out.success, output: text.trim() };
}

/** Running the project's services as child processes in integration tests, and checking their output with verify. */
import assert from "node:assert/strict";
import type { Admin } from "kafkajs";
import { deadline } from "../../shared/deadline.ts";
import { createLineSplitter } from "../../shared/line_splitter.ts";
import { pollUntil } from "../../shared/poll.ts";
import { serviceEnv, type TestTopics } from "./fixture.ts";

const ROOT = new URL("../../", import.meta.url);
export const PRODUCER = new URL("services/producer/main.ts", ROOT).pathname;
export const PROCESSOR = new URL("services/processor/main.ts", ROOT).pathname;
export const VERIFY = new URL("services/processor/verify.ts", ROOT).pathname;

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

export async function finish(child: Deno.ChildProcess): Promise<Finished> {
  const output = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: output.code,
    stdout: decode(output.stdout),
    stderr: decode(output.stderr),
  };
}

export function spawn(
  t: TestTopics,
  script: string,
  args: string[],
  env: Record<string, string> = {},
) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    env: serviceEnv(t.config, env),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

export async function run(
  t: TestTopics,
  script: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const result = await finish(spawn(t, script, args, env));
  assert.equal(result.code, 0, `${script}\n${result.stdout}\n${result.stderr}`);
  return result;
}

export interface ProducerSummary {
  valid: number;
  bad: number;
}

export async function produce(
  t: TestTopics,
  args: string[],
): Promise<ProducerSummary> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await run(t, PRODUCER, [...args, "--summary-json", file]);
    return JSON.parse(await Deno.readTextFile(file));
  } finally {
    await Deno.remove(file);
  }
}

/** Runs verify; returns its raw counts line, after asserting it passed. */
export async function verify(t: TestTopics) {
  const result = await finish(spawn(t, VERIFY, []));
  assert.equal(
    result.code,
    0,
    `verify failed:\n${result.stdout}\n${result.stderr}`,
  );
  const match =
    /raw: (\d+) valid \((\d+) late\), (\d+) rejected; enriched topic: (\d+); dead letters: (\d+) \(0 missing, 0 unexpected, 0 without reason\)/
      .exec(result.stdout);
  assert.ok(match, result.stdout);
  const [valid, late, rejected, enriched, deadLetters] = match.slice(1).map(
    Number,
  );
  assert.match(result.stdout, /OK: \d+ final metric records/);
  return { valid, late, rejected, enriched, deadLetters };
}

export function assertCounted(
  counts: Awaited<ReturnType<typeof verify>>,
  produced: ProducerSummary[],
) {
  const valid = produced.reduce((s, p) => s + p.valid, 0);
  const bad = produced.reduce((s, p) => s + p.bad, 0);
  assert.equal(counts.valid, valid);
  assert.equal(counts.enriched, valid, "every valid event enriched once");
  assert.equal(counts.rejected, bad);
  assert.equal(counts.deadLetters, bad, "every bad event dead-lettered once");
}

/** Resolves once the group has committed offsets up to every partition's end. */
export async function committedToEnd(
  admin: Admin,
  t: TestTopics,
  timeoutMs = 180_000,
) {
  await pollUntil(async () => {
    const committed = await admin.fetchOffsets({
      groupId: t.config.PROCESSOR_GROUP_ID,
      topics: t.names.store,
    });
    for (const topic of t.names.store) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const at = committed.find((c) => c.topic === topic)?.partitions
          .find((p) => p.partition === end.partition)?.offset ?? "-1";
        if (Number(at) < Number(end.high)) return false;
      }
    }
    return true;
  }, { timeoutMs, intervalMs: 250, what: "the group to commit every offset" });
}

export interface WatchedProcess {
  /** The stdout lines so far. */
  lines: string[];
  /** Calls `listener` on each new line (and at the end); returns the function that stops it. */
  onLine(listener: () => void): () => void;
  /** The exit code and whole output, once the process has ended. */
  finished: Promise<Finished>;
}

/** Reads a spawned service's stdout as it comes, so a test can wait for a log line. */
export function watchOutput(child: Deno.ChildProcess): WatchedProcess {
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const stdout = (async () => {
    const splitter = createLineSplitter();
    const text = child.stdout.pipeThrough(new TextDecoderStream());
    for await (const chunk of text) {
      lines.push(...splitter.push(chunk));
      for (const listener of listeners) listener();
    }
    lines.push(...splitter.flush());
    for (const listener of listeners) listener();
  })();
  const stderr = new Response(child.stderr).text();
  const finished = (async () => {
    const [status, , err] = await Promise.all([child.status, stdout, stderr]);
    return { code: status.code, stdout: lines.join("\n"), stderr: err };
  })();
  return {
    lines,
    finished,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Resolves once `test` holds, checked on each new line of any of `processes`; rejects after `timeoutMs`. */
export async function untilOutput(
  processes: WatchedProcess[],
  test: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const met = Promise.withResolvers<void>();
  const check = () => test() && met.resolve();
  const stops = processes.map((p) => p.onLine(check));
  check();
  try {
    await deadline(met.promise, timeoutMs, {
      message: () =>
        `Gave up waiting for ${what} after ${timeoutMs} ms; output:\n${
          processes.map((p) => p.lines.join("\n")).join("\n---\n")
        }`,
    });
  } finally {
    for (const stop of stops) stop();
  }
}

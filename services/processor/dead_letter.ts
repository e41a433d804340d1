/** The dead-letter record for a rejected input: original bytes and key, plus why. */
import { createHash } from "node:crypto";
import type { Message } from "kafkajs";
import type { Rejected } from "./validate.ts";

export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  /** Times the record was replayed from the dead-letter topic before. */
  replays?: number;
}

/** Header names on `store.dead-letter`. */
export const DLQ_HEADERS = {
  topic: "dlq.source.topic",
  partition: "dlq.source.partition",
  offset: "dlq.source.offset",
  reason: "dlq.reason",
  detail: "dlq.detail",
  time: "dlq.time",
  /** Present on a bounded copy: the original value's size and SHA-256. */
  size: "dlq.value.size",
  sha256: "dlq.value.sha256",
  truncated: "dlq.value.truncated",
  /** On a replayed record and on its dead letter if it fails again. */
  replayCount: "dlq.replay.count",
  /** On a replayed record: the dead letter it came from, `topic:partition:offset`. */
  replayOf: "dlq.replay.of",
} as const;

/**
 * Largest key plus value copied whole. The broker takes a record batch of
 * about 1 MB by default; a record that arrived compressed can be far larger
 * once decompressed, so a larger original is kept as a prefix with its size
 * and hash instead of failing the transaction for ever.
 */
export const MAX_COPY_BYTES = 512 * 1024;
/** Bytes of the original kept in a bounded copy. */
export const COPY_PREFIX_BYTES = 16 * 1024;

export function deadLetterMessage(
  source: DeadLetterSource,
  verdict: Rejected,
  now: number,
): Message {
  const headers: Record<string, string> = {
    [DLQ_HEADERS.topic]: source.topic,
    [DLQ_HEADERS.partition]: String(source.partition),
    [DLQ_HEADERS.offset]: String(source.offset),
    [DLQ_HEADERS.reason]: verdict.reason,
    [DLQ_HEADERS.detail]: verdict.detail.slice(0, 2_000),
    [DLQ_HEADERS.time]: new Date(now).toISOString(),
  };
  if (source.replays !== undefined) {
    headers[DLQ_HEADERS.replayCount] = String(source.replays);
  }
  let value = source.value;
  const size = (source.key?.byteLength ?? 0) + (value?.byteLength ?? 0);
  if (value !== null && size > MAX_COPY_BYTES) {
    headers[DLQ_HEADERS.size] = String(value.byteLength);
    headers[DLQ_HEADERS.sha256] = createHash("sha256").update(value).digest(
      "hex",
    );
    headers[DLQ_HEADERS.truncated] = "true";
    value = value.subarray(0, COPY_PREFIX_BYTES);
  }
  const key = source.key !== null && source.key.byteLength > COPY_PREFIX_BYTES
    ? source.key.subarray(0, COPY_PREFIX_BYTES)
    : source.key;
  return {
    key: key as Message["key"],
    value: value as Message["value"],
    headers,
  };
}

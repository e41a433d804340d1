/** The dead-letter record for a rejected input: original bytes and key, plus why. */
import type { Message } from "kafkajs";
import type { Rejected } from "./validate.ts";

export interface DeadLetterSource {
  topic: string;
  partition: number;
  offset: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
}

/** Header names on `store.dead-letter`. */
export const DLQ_HEADERS = {
  topic: "dlq.source.topic",
  partition: "dlq.source.partition",
  offset: "dlq.source.offset",
  reason: "dlq.reason",
  detail: "dlq.detail",
  time: "dlq.time",
} as const;

export function deadLetterMessage(
  source: DeadLetterSource,
  verdict: Rejected,
  now: number,
): Message {
  return {
    key: source.key as Message["key"],
    value: source.value as Message["value"],
    headers: {
      [DLQ_HEADERS.topic]: source.topic,
      [DLQ_HEADERS.partition]: String(source.partition),
      [DLQ_HEADERS.offset]: String(source.offset),
      [DLQ_HEADERS.reason]: verdict.reason,
      [DLQ_HEADERS.detail]: verdict.detail.slice(0, 2_000),
      [DLQ_HEADERS.time]: new Date(now).toISOString(),
    },
  };
}

/**
 * A record's bytes as text a person can read and no browser or terminal can
 * mistake for markup or control codes: pretty JSON when the bytes are UTF-8
 * JSON, the text when they are UTF-8, else hex. The message browser renders
 * the result as text nodes; `deno task peek` prints it.
 */
import type { FetchedRecord } from "./kafka_patches/direct_fetch.ts";

export type BytesKind = "null" | "json" | "text" | "binary";

export interface BytesText {
  kind: BytesKind;
  text: string;
  /** Length of the original bytes. */
  bytes: number;
}

/** A record made of strings and numbers: what the page and the API carry. */
export interface RecordView {
  partition: number;
  offset: string;
  timestamp: number;
  key: BytesText;
  value: BytesText;
  headers: { name: string; value: BytesText }[];
  transactional: boolean;
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** Bytes shown per binary value; the rest is counted, not shown. @default 4096 */
export const MAX_HEX_BYTES = 4_096;

function hex(bytes: Uint8Array, max: number): string {
  const shown = Array.from(
    bytes.subarray(0, max),
    (b) => b.toString(16).padStart(2, "0"),
  ).join(" ");
  return bytes.length > max ? `${shown} … (${bytes.length} bytes)` : shown;
}

/**
 * Escapes the control characters (other than newline and tab) that UTF-8
 * text may carry, so a terminal never runs an escape sequence from a record.
 */
export function escapeControls(text: string): string {
  return text.replace(
    // deno-lint-ignore no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Describes `bytes` as {@linkcode BytesText}. */
export function bytesText(
  bytes: Uint8Array | null | undefined,
  options: { maxHexBytes?: number } = {},
): BytesText {
  const { maxHexBytes = MAX_HEX_BYTES } = options;
  if (bytes === null || bytes === undefined) {
    return { kind: "null", text: "null", bytes: 0 };
  }
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    return {
      kind: "binary",
      text: hex(bytes, maxHexBytes),
      bytes: bytes.length,
    };
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return {
        kind: "json",
        text: JSON.stringify(JSON.parse(trimmed), null, 2),
        bytes: bytes.length,
      };
    } catch {
      // Not JSON after all: shown as the text it is.
    }
  }
  return { kind: "text", text: escapeControls(text), bytes: bytes.length };
}

/** A fetched record as a {@linkcode RecordView}; header lists keep their order. */
export function recordView(record: FetchedRecord): RecordView {
  const headers = Object.entries(record.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({
      name: escapeControls(name),
      value: bytesText(v ?? null),
    }))
  );
  return {
    partition: record.partition,
    offset: String(record.offset),
    timestamp: record.timestamp,
    key: bytesText(record.key),
    value: bytesText(record.value),
    headers,
    transactional: record.transactional,
  };
}

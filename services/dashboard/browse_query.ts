/** The message browser's URL query, read into bounded reader options. Pure. */
import type { Isolation, StartFrom } from "../../shared/topic_reader.ts";

/** The form's fields as the page shows them back. */
export interface BrowseForm {
  partition: string;
  from: "latest" | "earliest" | "offset" | "time" | "cursor";
  n: string;
  offset: string;
  time: string;
  cursor: string;
  limit: string;
  isolation: Isolation;
  key: string;
  q: string;
}

export interface BrowseQuery {
  form: BrowseForm;
  partition?: number;
  from: StartFrom;
  limit: number;
  isolation: Isolation;
  keyFilter?: string;
  valueFilter?: string;
  maxScan: number;
  deadlineMs: number;
}

/** Bounds every read, whatever the URL says. */
export const BROWSE_LIMITS = {
  maxLimit: 200,
  defaultLimit: 25,
  maxScan: 20_000,
  deadlineMs: 4_000,
} as const;

const FROM_KINDS = ["latest", "earliest", "offset", "time", "cursor"] as const;

function wholeNumber(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) {
    throw new RangeError(`${what} must be a whole number, got "${text}"`);
  }
  return Number(text);
}

/** "0:12,2:40" into partition → offset. */
export function parseCursor(text: string): Map<number, bigint> {
  const offsets = new Map<number, bigint>();
  for (const part of text.split(",").filter(Boolean)) {
    const match = /^(\d{1,6}):(\d{1,19})$/.exec(part.trim());
    if (!match) throw new RangeError(`cursor part "${part}" is not p:offset`);
    offsets.set(Number(match[1]), BigInt(match[2]));
  }
  return offsets;
}

/** The inverse of {@linkcode parseCursor}. */
export function formatCursor(offsets: Map<number, bigint>): string {
  return [...offsets].sort(([a], [b]) => a - b).map(([p, o]) => `${p}:${o}`)
    .join(",");
}

/**
 * Reads the query of `/topics/:topic`. Throws a `RangeError` naming the bad
 * field; the page shows it next to the form.
 */
export function parseBrowseQuery(params: URLSearchParams): BrowseQuery {
  const get = (name: string, fallback = "") =>
    (params.get(name) ?? fallback).trim();
  const fromText = get("from", "latest");
  const from = (FROM_KINDS as readonly string[]).includes(fromText)
    ? fromText as BrowseForm["from"]
    : "latest";
  const isolation: Isolation = get("isolation") === "read_uncommitted"
    ? "read_uncommitted"
    : "read_committed";
  const form: BrowseForm = {
    partition: get("partition", "all") || "all",
    from,
    n: get("n", String(BROWSE_LIMITS.defaultLimit)),
    offset: get("offset", "0"),
    time: get("time"),
    cursor: get("cursor"),
    limit: get("limit", String(BROWSE_LIMITS.defaultLimit)),
    isolation,
    // Filters are kept verbatim: they are compared, and shown back as text.
    key: params.get("key") ?? "",
    q: params.get("q") ?? "",
  };
  const partition = form.partition === "all"
    ? undefined
    : wholeNumber(form.partition, "partition");
  const limit = Math.min(
    BROWSE_LIMITS.maxLimit,
    Math.max(1, wholeNumber(form.limit || "1", "limit")),
  );
  let start: StartFrom;
  switch (from) {
    case "latest":
      start = { kind: "latest-minus", n: wholeNumber(form.n || "0", "n") };
      break;
    case "earliest":
      start = { kind: "earliest" };
      break;
    case "offset":
      start = {
        kind: "offset",
        offset: BigInt(wholeNumber(form.offset, "offset")),
      };
      break;
    case "time": {
      // A datetime-local field has no zone: it is read as UTC, as the page says.
      const text = /[zZ]|[+-]\d\d:?\d\d$/.test(form.time)
        ? form.time
        : `${form.time}Z`;
      const time = Date.parse(text);
      if (!Number.isFinite(time)) {
        throw new RangeError(
          `time must be an ISO date and time, got "${form.time}"`,
        );
      }
      start = { kind: "time", time };
      break;
    }
    case "cursor":
      start = { kind: "offsets", offsets: parseCursor(form.cursor) };
      break;
  }
  return {
    form,
    partition,
    from: start,
    limit,
    isolation,
    keyFilter: form.key || undefined,
    valueFilter: form.q || undefined,
    maxScan: BROWSE_LIMITS.maxScan,
    deadlineMs: BROWSE_LIMITS.deadlineMs,
  };
}

/** The query string of the same view with other fields. */
export function browseHref(
  topic: string,
  form: BrowseForm,
  changes: Partial<BrowseForm> = {},
): string {
  const merged = { ...form, ...changes };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) {
    if (value !== "") params.set(name, value);
  }
  return `/topics/${encodeURIComponent(topic)}?${params}`;
}

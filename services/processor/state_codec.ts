/**
 * Task state as changelog records: one per window, one per session and one
 * `meta` record (watermark, frontier, input positions). Only what changed
 * since the last write is written; closed windows and ended sessions become
 * tombstones, so a compacted changelog holds exactly the live state.
 *
 * Every entry must fit in one Kafka record (1 MB by default). A window holds
 * counts only (funnel membership lives in the sessions), but its game and
 * query maps grow with the data, so a large window is split into parts
 * `w:<start>#<i>` written before its head `w:<start>` in the same
 * transaction; the head then names how many parts to join.
 */
import type { Replay } from "./offset_reset.ts";
import { type CartEntry, NOT_REACHED, type SessionState } from "./session.ts";
import { newTaskState, type TaskState } from "./task_state.ts";
import { emptyWindow, FUNNEL, type WindowAcc } from "./window_acc.ts";

export interface ChangelogEntry {
  key: string;
  /** JSON, or null for a tombstone. */
  value: string | null;
}

export interface Meta {
  v: 1;
  maxEventTime: number | null;
  frontier: number | null;
  /** Next offset to handle, per store topic in `topicNames().store` order. */
  positions: number[];
  /** Set while the task replays after an offset change (offset_reset.ts). */
  replay?: Replay;
}

export const META_KEY = "meta";

/**
 * Largest key plus value a changelog entry may have, in UTF-8 bytes: under
 * the broker's default `message.max.bytes` (1 MiB plus a little) with room
 * for the record's own overhead.
 */
export const MAX_ENTRY_BYTES = 1_000_000;

/** A window's JSON longer than this (in UTF-16 units) is split into parts of this size. */
export const WINDOW_PART_CHARS = 256 * 1024;

interface PartsHead {
  parts: number;
}

function encodeWindow(acc: WindowAcc): string {
  return JSON.stringify({
    ...acc,
    games: [...acc.games],
    queries: [...acc.queries],
    zeroResultQueries: [...acc.zeroResultQueries],
  });
}

function decodeWindow(json: string): WindowAcc {
  const raw = JSON.parse(json);
  const empty = emptyWindow(raw.start);
  return {
    ...empty,
    ...raw,
    funnel: { ...empty.funnel, ...raw.funnel },
    games: new Map(raw.games),
    queries: new Map(raw.queries),
    zeroResultQueries: new Map(raw.zeroResultQueries),
  };
}

function encodeSession(session: SessionState): string {
  return JSON.stringify({
    ...session,
    cart: session.cart ? [...session.cart] : null,
  });
}

/**
 * Funnel steps from a session written when it kept `window_start, bits`
 * pairs per window: each step at the start of the earliest window that had
 * its bit, which credits the same window the new rule would.
 */
function stepsFromPairs(pairs: readonly number[]): number[] {
  if (pairs.length === 0) return [];
  const bits = Object.values(FUNNEL);
  const steps = bits.map(() => NOT_REACHED);
  for (let i = 0; i < pairs.length; i += 2) {
    bits.forEach((bit, step) => {
      const start = pairs[i];
      if (
        pairs[i + 1] & bit &&
        (steps[step] === NOT_REACHED || start < steps[step])
      ) {
        steps[step] = start;
      }
    });
  }
  return steps;
}

function decodeSession(json: string): SessionState {
  let raw = JSON.parse(json);
  // The format of the release before: funnel pairs instead of step times.
  if (raw.steps === undefined) {
    const { funnel, ...rest } = raw;
    raw = { ...rest, steps: stepsFromPairs(funnel ?? []) };
  }
  const cart = raw.cart
    ? new Map<string, CartEntry>(
      (raw.cart as [string, CartEntry][]).map(([id, entry]) => [
        id,
        { ...entry, price: entry.price ?? 0 },
      ]),
    )
    : null;
  return { ...raw, cart };
}

/** Cuts `text` into pieces of at most `size` units without splitting a surrogate pair. */
function splitText(text: string, size: number): string[] {
  const pieces: string[] = [];
  let from = 0;
  while (from < text.length) {
    let to = Math.min(from + size, text.length);
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    pieces.push(text.slice(from, to));
    from = to;
  }
  return pieces;
}

function partKey(start: number, part: number): string {
  return `w:${start}#${part}`;
}

/** The entries of one window: its head, preceded by its parts when it is large. */
function windowEntries(
  state: TaskState,
  start: number,
  acc: WindowAcc | undefined,
): ChangelogEntry[] {
  const key = `w:${start}`;
  const written = state.windowParts.get(start) ?? 0;
  if (!acc) {
    state.windowParts.delete(start);
    const entries: ChangelogEntry[] = [];
    for (let i = 0; i < written; i++) {
      entries.push({ key: partKey(start, i), value: null });
    }
    entries.push({ key, value: null });
    return entries;
  }
  const json = encodeWindow(acc);
  if (json.length <= WINDOW_PART_CHARS) return [{ key, value: json }];
  const pieces = splitText(json, WINDOW_PART_CHARS);
  // Parts beyond the new count (a window never shrinks much) stay until the
  // window closes; the head says how many to read.
  state.windowParts.set(start, Math.max(written, pieces.length));
  const head: PartsHead = { parts: pieces.length };
  return [
    ...pieces.map((value, i) => ({ key: partKey(start, i), value })),
    { key, value: JSON.stringify(head) },
  ];
}

const utf8 = new TextEncoder();

/** Throws when an entry could not be written as one Kafka record. */
export function checkEntrySize(entry: ChangelogEntry) {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  const units = entry.key.length + (entry.value?.length ?? 0);
  if (units * 3 <= MAX_ENTRY_BYTES) return;
  const bytes = utf8.encode(entry.key).length +
    (entry.value === null ? 0 : utf8.encode(entry.value).length);
  if (bytes > MAX_ENTRY_BYTES) {
    throw new RangeError(
      `Cannot write changelog entry ${
        entry.key.slice(0, 80)
      }: ${bytes} bytes ` +
        `is over the ${MAX_ENTRY_BYTES}-byte record limit`,
    );
  }
}

/** The entries that bring a changelog up to date with `state`; clears its dirty marks. */
export function takeChanges(
  state: TaskState,
  positions: number[],
  replay: Replay | null = null,
): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  for (const start of state.dirtyWindows) {
    entries.push(...windowEntries(state, start, state.windows.get(start)));
  }
  for (const id of state.dirtySessions) {
    const session = state.sessions.get(id);
    entries.push({
      key: `s:${id}`,
      value: session ? encodeSession(session) : null,
    });
  }
  state.dirtyWindows.clear();
  state.dirtySessions.clear();
  const meta: Meta = {
    v: 1,
    maxEventTime: state.maxEventTime,
    frontier: state.frontier,
    positions,
    ...(replay ? { replay } : {}),
  };
  entries.push({ key: META_KEY, value: JSON.stringify(meta) });
  for (const entry of entries) checkEntrySize(entry);
  return entries;
}

/** Rebuilds state from changelog entries, read oldest first. */
export class StateRestorer {
  readonly state: TaskState;
  meta: Meta | null = null;
  entries = 0;
  /** Parts of split windows, by key, until their head arrives. */
  #parts = new Map<string, string>();

  constructor(
    options: { latenessMs: number; maxSkewMs?: number; sessionGapMs?: number },
  ) {
    this.state = newTaskState(
      options.latenessMs,
      options.maxSkewMs,
      options.sessionGapMs,
    );
  }

  apply(key: string, value: string | null) {
    this.entries++;
    const { state } = this;
    if (key === META_KEY) {
      if (value === null) return;
      this.meta = JSON.parse(value) as Meta;
      state.maxEventTime = this.meta.maxEventTime;
      state.frontier = this.meta.frontier;
    } else if (key.startsWith("w:") && key.includes("#")) {
      if (value === null) this.#parts.delete(key);
      else this.#parts.set(key, value);
    } else if (key.startsWith("w:")) {
      const start = Number(key.slice(2));
      if (value === null) {
        state.windows.delete(start);
        state.windowParts.delete(start);
      } else if (value.startsWith('{"parts":')) {
        const head = JSON.parse(value) as PartsHead;
        let json = "";
        for (let i = 0; i < head.parts; i++) {
          const part = this.#parts.get(partKey(start, i));
          if (part === undefined) {
            throw new Error(
              `Cannot restore window ${start}: part ${i} of ${head.parts} is missing`,
            );
          }
          json += part;
          this.#parts.delete(partKey(start, i));
        }
        state.windows.set(start, decodeWindow(json));
        state.windowParts.set(
          start,
          Math.max(head.parts, state.windowParts.get(start) ?? 0),
        );
      } else {
        state.windows.set(start, decodeWindow(value));
      }
    } else if (key.startsWith("s:")) {
      const id = key.slice(2);
      if (value === null) state.sessions.delete(id);
      else state.sessions.set(id, decodeSession(value));
    }
  }
}

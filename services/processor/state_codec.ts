/**
 * Task state as changelog records: one per window, one per session and one
 * `meta` record (watermark, frontier, input positions). Only what changed
 * since the last write is written; closed windows and ended sessions become
 * tombstones, so a compacted changelog holds exactly the live state.
 */
import type { SessionState } from "./session.ts";
import { newTaskState, type TaskState } from "./task_state.ts";
import { emptyWindow, type WindowAcc } from "./window_acc.ts";

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
}

export const META_KEY = "meta";

function encodeWindow(acc: WindowAcc): string {
  return JSON.stringify({
    ...acc,
    funnel: [...acc.funnel],
    games: [...acc.games],
    queries: [...acc.queries],
    zeroResultQueries: [...acc.zeroResultQueries],
  });
}

function decodeWindow(json: string): WindowAcc {
  const raw = JSON.parse(json);
  return {
    ...emptyWindow(raw.start),
    ...raw,
    funnel: new Map(raw.funnel),
    games: new Map(raw.games),
    queries: new Map(raw.queries),
    zeroResultQueries: new Map(raw.zeroResultQueries),
  };
}

function encodeSession(session: SessionState): string {
  return JSON.stringify({ ...session, cart: [...session.cart] });
}

function decodeSession(json: string): SessionState {
  const raw = JSON.parse(json);
  return { ...raw, cart: new Map(raw.cart) };
}

/** The entries that bring a changelog up to date with `state`; clears its dirty marks. */
export function takeChanges(
  state: TaskState,
  positions: number[],
): ChangelogEntry[] {
  const entries: ChangelogEntry[] = [];
  for (const start of state.dirtyWindows) {
    const acc = state.windows.get(start);
    entries.push({ key: `w:${start}`, value: acc ? encodeWindow(acc) : null });
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
  };
  entries.push({ key: META_KEY, value: JSON.stringify(meta) });
  return entries;
}

/** Rebuilds state from changelog entries, read oldest first. */
export class StateRestorer {
  readonly state: TaskState;
  meta: Meta | null = null;
  entries = 0;

  constructor(latenessMs: number) {
    this.state = newTaskState(latenessMs);
  }

  apply(key: string, value: string | null) {
    this.entries++;
    const { state } = this;
    if (key === META_KEY) {
      if (value === null) return;
      this.meta = JSON.parse(value) as Meta;
      state.maxEventTime = this.meta.maxEventTime;
      state.frontier = this.meta.frontier;
    } else if (key.startsWith("w:")) {
      const start = Number(key.slice(2));
      if (value === null) state.windows.delete(start);
      else state.windows.set(start, decodeWindow(value));
    } else if (key.startsWith("s:")) {
      const id = key.slice(2);
      if (value === null) state.sessions.delete(id);
      else state.sessions.set(id, decodeSession(value));
    }
  }
}

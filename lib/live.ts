/**
 * The live snapshot in the browser: signals holding the merged windows, the
 * server's monitor state and the stream's status, fed by `/api/stream`.
 * Islands derive their panels from these with `computed`.
 */
import { batch, type Signal, signal, useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import type { MetricWindow, Snapshot, Update } from "./types.ts";
import { applyWindows } from "./windows.ts";
import { windowId } from "./types.ts";
import type { MonitorState } from "./monitor_types.ts";

export type StreamStatus = "connecting" | "live" | "reconnecting";

export interface LiveSnapshot {
  windows: Signal<ReadonlyMap<string, MetricWindow>>;
  status: Signal<StreamStatus>;
  /** Epoch ms of the last snapshot or update received. */
  lastEventAt: Signal<number | null>;
  /** The server's latest broker poll and alerts. */
  monitor: Signal<MonitorState | null>;
  /** Id of the last snapshot or update applied: where a reconnection resumes. */
  lastId: string;
}

/**
 * The latest `monitor` event of the page's stream, for islands that show the
 * same poll without a stream of their own. Written only by
 * {@linkcode followStream}, which runs only in the browser.
 */
export const streamedMonitor: Signal<MonitorState | null> = signal(null);

function byId(snapshot: Snapshot): Map<string, MetricWindow> {
  return new Map(snapshot.windows.map((w) => [windowId(w), w]));
}

/** A live snapshot starting from the server-rendered one. */
export function createLiveSnapshot(
  initial: Snapshot,
  monitor: MonitorState | null = null,
): LiveSnapshot {
  return {
    windows: signal(byId(initial)),
    status: signal("connecting"),
    lastEventAt: signal(null),
    monitor: signal(monitor),
    lastId: initial.id,
  };
}

export type StreamEvent = "snapshot" | "update" | "monitor";

/** Applies one event of `/api/stream` (its name and its `data`) to `live`. */
export function applyStreamEvent(
  live: LiveSnapshot,
  event: StreamEvent,
  data: string,
  nowMs: number,
): void {
  batch(() => {
    switch (event) {
      case "snapshot": {
        const snapshot = JSON.parse(data) as Snapshot;
        live.lastId = snapshot.id;
        live.windows.value = byId(snapshot);
        break;
      }
      case "update": {
        const update = JSON.parse(data) as Update;
        live.lastId = update.id;
        live.windows.value = applyWindows(live.windows.value, update.windows);
        break;
      }
      case "monitor":
        live.monitor.value = JSON.parse(data) as MonitorState;
        return;
    }
    live.status.value = "live";
    live.lastEventAt.value = nowMs;
  });
}

export interface FollowOptions {
  /** @default "/api/stream" */
  url?: string;
  /** Wait before reopening a stream the browser closed for good. @default 2_000 */
  retryMs?: number;
}

/** Opens the stream, resuming after `live.lastId`, and keeps `live` current; returns the function that closes it. */
export function followStream(
  live: LiveSnapshot,
  options: FollowOptions = {},
): () => void {
  const { url = "/api/stream", retryMs = 2_000 } = options;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    source = new EventSource(
      `${url}?last_event_id=${encodeURIComponent(live.lastId)}`,
    );
    source.onopen = () => live.status.value = "live";
    for (const event of ["snapshot", "update", "monitor"] as const) {
      source.addEventListener(event, (e) => {
        applyStreamEvent(live, event, e.data, Date.now());
        if (event === "monitor") streamedMonitor.value = live.monitor.value;
      });
    }
    source.onerror = () => {
      live.status.value = "reconnecting";
      // A closed source (e.g. the server answered 503) is not retried by the browser.
      if (source?.readyState === EventSource.CLOSED) {
        retry = setTimeout(open, retryMs);
      }
    };
  };
  open();
  return function closeStream() {
    clearTimeout(retry);
    source?.close();
  };
}

/** The island's live snapshot: made once from its props, fed by the stream while mounted. */
export function useLiveSnapshot(
  initial: Snapshot,
  monitor: MonitorState | null = null,
): LiveSnapshot {
  const live = useMemo(() => createLiveSnapshot(initial, monitor), []);
  useEffect(() => followStream(live), [live]);
  return live;
}

/** The current time as a signal, refreshed every `everyMs`. */
export function useNow(initial: number, everyMs = 5_000): Signal<number> {
  const now = useSignal(initial);
  useEffect(() => {
    now.value = Date.now();
    const timer = setInterval(() => now.value = Date.now(), everyMs);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Browser side of the stream: keeps the merged windows current from `/api/stream`. */
import { useEffect, useState } from "preact/hooks";
import type { MetricWindow, Snapshot, Update } from "./types.ts";
import { applyWindows } from "./windows.ts";
import { windowId } from "./types.ts";
import type { MonitorState } from "./monitor_types.ts";

/** Dispatched on `globalThis` with each `monitor` event, so other islands show the same poll. */
export const MONITOR_EVENT = "dashboard:monitor";

export type StreamStatus = "connecting" | "live" | "reconnecting";

export interface LiveState {
  windows: Map<string, MetricWindow>;
  status: StreamStatus;
  /** Epoch ms of the last event or heartbeat-bearing event received. */
  lastEventAt: number | null;
  /** The server's latest broker poll and alerts. */
  monitor: MonitorState | null;
}

function fromSnapshot(snapshot: Snapshot): Map<string, MetricWindow> {
  return new Map(snapshot.windows.map((w) => [windowId(w), w]));
}

/** Starts from the server-rendered snapshot and follows updates, resuming after it. */
export function useLiveWindows(
  initial: Snapshot,
  initialMonitor: MonitorState | null = null,
): LiveState {
  const [state, setState] = useState<LiveState>(() => ({
    windows: fromSnapshot(initial),
    status: "connecting",
    lastEventAt: null,
    monitor: initialMonitor,
  }));
  useEffect(() => {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastId = initial.id;
    const open = () => {
      source = new EventSource(
        `/api/stream?last_event_id=${encodeURIComponent(lastId)}`,
      );
      source.onopen = () => setState((s) => ({ ...s, status: "live" }));
      source.addEventListener("snapshot", (event) => {
        const snapshot = JSON.parse(event.data) as Snapshot;
        lastId = snapshot.id;
        setState((s) => ({
          ...s,
          windows: fromSnapshot(snapshot),
          status: "live",
          lastEventAt: Date.now(),
        }));
      });
      source.addEventListener("monitor", (event) => {
        const monitor = JSON.parse(event.data) as MonitorState;
        setState((s) => ({ ...s, monitor }));
        globalThis.dispatchEvent(
          new CustomEvent(MONITOR_EVENT, { detail: monitor }),
        );
      });
      source.addEventListener("update", (event) => {
        const update = JSON.parse(event.data) as Update;
        lastId = update.id;
        setState((s) => ({
          ...s,
          windows: applyWindows(s.windows, update.windows),
          status: "live",
          lastEventAt: Date.now(),
        }));
      });
      source.onerror = () => {
        setState((s) => ({ ...s, status: "reconnecting" }));
        // A closed source (e.g. the server answered 503) is not retried by the browser.
        if (source?.readyState === EventSource.CLOSED) {
          retry = setTimeout(open, 2_000);
        }
      };
    };
    open();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return state;
}

/** The current time, refreshed every `everyMs`. */
export function useNow(initial: number, everyMs = 5_000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, []);
  return now;
}

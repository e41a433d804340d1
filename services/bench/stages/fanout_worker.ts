/**
 * A worker thread holding a share of the fan-out stage's SSE clients. For each
 * `update` a client receives, it records now − received_at of every window.
 */
import { readEventStream } from "../sse_reader.ts";

export type WorkerCommand =
  | { cmd: "open"; url: string; clients: number }
  | { cmd: "flush" }
  | { cmd: "close" };

export type WorkerReply =
  | { type: "opened"; clients: number }
  | {
    type: "delays";
    /** now − received_at per window of each update: record consumed to client. */
    delays: number[];
    /** now − sent_at per update: serialised to client, the fan-out alone. */
    delivery: number[];
    updates: number[];
    closed: number;
  }
  | { type: "error"; message: string };

const self = globalThis as unknown as {
  postMessage(message: WorkerReply): void;
  onmessage: ((event: MessageEvent<WorkerCommand>) => void) | null;
  close(): void;
};

const SENT_AT = /"sent_at":(\d+)/;
const RECEIVED_AT = /"received_at":(\d+)/g;

const abort = new AbortController();
let delays: number[] = [];
let delivery: number[] = [];
let updates: number[] = [];
let closed = 0;
const streams: Promise<void>[] = [];

function open(url: string, clients: number) {
  updates = new Array(clients).fill(0);
  let snapshots = 0;
  for (let i = 0; i < clients; i++) {
    streams.push(
      readEventStream(url, (event, at) => {
        if (event.event === "snapshot") {
          if (++snapshots === clients) {
            self.postMessage({ type: "opened", clients });
          }
          return;
        }
        if (event.event !== "update") return;
        updates[i]++;
        // A regex instead of JSON.parse: a thousand clients parsing every
        // update would measure the clients' CPU more than the dashboard.
        const sentAt = Number(event.data.match(SENT_AT)?.[1]);
        if (Number.isFinite(sentAt)) delivery.push(at - sentAt);
        for (const match of event.data.matchAll(RECEIVED_AT)) {
          delays.push(at - Number(match[1]));
        }
      }, abort.signal).then(() => {
        if (!abort.signal.aborted) closed++;
      }, (error) => {
        closed++;
        self.postMessage({
          type: "error",
          message: String(error?.message ?? error),
        });
      }),
    );
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.cmd === "open") open(message.url, message.clients);
  else if (message.cmd === "flush") {
    self.postMessage({ type: "delays", delays, delivery, updates, closed });
    delays = [];
    delivery = [];
    updates = updates.map(() => 0);
  } else {
    abort.abort();
    await Promise.all(streams);
    self.close();
  }
};

/**
 * The SSE fan-out: every update is serialised once and the same bytes are
 * queued to every client; a client whose queue grows past a bound is dropped
 * (its browser reconnects and resumes from `Last-Event-ID`).
 */
import {
  formatSse,
  formatSseComment,
  sseResponse,
} from "../../shared/web/sse.ts";
import type { MetricWindow, Snapshot, Update } from "../../lib/types.ts";

export interface SseHubOptions {
  /** Distinguishes this process's event ids from a previous run's. */
  bootId?: string;
  /** Builds the current snapshot; called at most once per published update. */
  snapshot: () => MetricWindow[];
  /** @default 15_000 */
  heartbeatMs?: number;
  /** Reconnection delay sent to browsers. @default 2_000 */
  retryMs?: number;
  /** A client with more than this many bytes queued is dropped. @default 8 MiB */
  maxQueuedBytes?: number;
  /** Updates kept for resuming clients, in bytes. @default 4 MiB */
  historyBytes?: number;
  now?: () => number;
}

export interface SseHubStats {
  clients: number;
  connected: number;
  dropped: number;
  updates: number;
  resumed: number;
}

interface Client {
  controller: ReadableStreamDefaultController<Uint8Array>;
}

const encoder = new TextEncoder();

export class SseHub {
  readonly bootId: string;
  readonly #opts: Required<Omit<SseHubOptions, "bootId">>;
  readonly #clients = new Set<Client>();
  readonly #history: { seq: number; bytes: Uint8Array }[] = [];
  #historySize = 0;
  #seq = 0;
  #snapshotBytes?: Uint8Array;
  readonly #statuses = new Map<string, Uint8Array>();
  #heartbeat?: ReturnType<typeof setInterval>;
  #closed = false;
  readonly stats: SseHubStats = {
    clients: 0,
    connected: 0,
    dropped: 0,
    updates: 0,
    resumed: 0,
  };

  constructor(options: SseHubOptions) {
    const {
      bootId = crypto.randomUUID().slice(0, 8),
      heartbeatMs = 15_000,
      retryMs = 2_000,
      maxQueuedBytes = 8 * 1024 * 1024,
      historyBytes = 4 * 1024 * 1024,
      now = Date.now,
      snapshot,
    } = options;
    this.bootId = bootId;
    this.#opts = {
      heartbeatMs,
      retryMs,
      maxQueuedBytes,
      historyBytes,
      now,
      snapshot,
    };
  }

  get lastId(): string {
    return `${this.bootId}-${this.#seq}`;
  }

  /** The current snapshot as sent to a new client. */
  snapshot(): Snapshot {
    return { id: this.lastId, windows: this.#opts.snapshot() };
  }

  /** Opens a stream for one client, resuming after `lastEventId` when the history still holds it. */
  connect(lastEventId: string | null = null): ReadableStream<Uint8Array> {
    let client: Client;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        client = { controller };
        if (this.#closed) return controller.close();
        for (const chunk of this.#opening(lastEventId)) {
          controller.enqueue(chunk);
        }
        for (const chunk of this.#statuses.values()) controller.enqueue(chunk);
        this.#clients.add(client);
        this.stats.connected++;
        this.stats.clients = this.#clients.size;
        this.#heartbeat ??= setInterval(
          () => this.#sendAll(HEARTBEAT),
          this.#opts.heartbeatMs,
        );
      },
      cancel: () => this.#remove(client),
    }, { highWaterMark: this.#opts.maxQueuedBytes, size: (c) => c.byteLength });
  }

  /** The event-stream response for one client: {@linkcode connect} with the SSE headers. */
  response(lastEventId: string | null = null): Response {
    return sseResponse(this.connect(lastEventId));
  }

  /** Sends one `update` event with the changed windows to every client. */
  publish(windows: MetricWindow[]): void {
    if (windows.length === 0 || this.#closed) return;
    this.#seq++;
    const update: Update = {
      id: this.lastId,
      sent_at: this.#opts.now(),
      windows,
    };
    const bytes = encoder.encode(formatSse({
      event: "update",
      id: update.id,
      data: JSON.stringify(update),
    }));
    this.#snapshotBytes = undefined;
    this.#history.push({ seq: this.#seq, bytes });
    this.#historySize += bytes.byteLength;
    while (
      this.#historySize > this.#opts.historyBytes && this.#history.length > 1
    ) {
      this.#historySize -= this.#history.shift()!.bytes.byteLength;
    }
    this.stats.updates++;
    this.#sendAll(bytes);
  }

  /**
   * Sends a whole-state event (no id: it is not resumed, the latest replaces
   * the previous) to every client, and to each new client after its opening.
   */
  status(event: string, data: unknown): void {
    if (this.#closed) return;
    const bytes = encoder.encode(
      formatSse({ event, data: JSON.stringify(data) }),
    );
    this.#statuses.set(event, bytes);
    this.#sendAll(bytes);
  }

  /** Ends every stream and refuses new ones. */
  close(): void {
    this.#closed = true;
    for (const client of [...this.#clients]) {
      this.#remove(client);
      try {
        client.controller.close();
      } catch { /* already closed by the client */ }
    }
  }

  #opening(lastEventId: string | null): Uint8Array[] {
    const resumeFrom = this.#resumable(lastEventId);
    if (resumeFrom !== undefined) {
      this.stats.resumed++;
      const retry = encoder.encode(`retry: ${this.#opts.retryMs}\n\n`);
      return [
        retry,
        ...this.#history.filter((h) => h.seq > resumeFrom).map((h) => h.bytes),
      ];
    }
    this.#snapshotBytes ??= encoder.encode(formatSse({
      event: "snapshot",
      id: this.lastId,
      retry: this.#opts.retryMs,
      data: JSON.stringify(this.snapshot()),
    }));
    return [this.#snapshotBytes];
  }

  #resumable(lastEventId: string | null): number | undefined {
    const match = lastEventId?.match(/^(.+)-(\d+)$/);
    if (!match || match[1] !== this.bootId) return undefined;
    const seq = Number(match[2]);
    const oldest = this.#history[0]?.seq ?? this.#seq + 1;
    if (seq > this.#seq || seq < oldest - 1) return undefined;
    return seq;
  }

  #sendAll(bytes: Uint8Array) {
    for (const client of this.#clients) {
      try {
        client.controller.enqueue(bytes);
        if ((client.controller.desiredSize ?? 0) < 0) this.#drop(client);
      } catch {
        this.#remove(client);
      }
    }
  }

  #drop(client: Client) {
    this.stats.dropped++;
    this.#remove(client);
    // Erroring discards the queue at once, which is the point.
    client.controller.error(new Error("SSE client too slow; dropped"));
  }

  #remove(client: Client) {
    if (!this.#clients.delete(client)) return;
    this.stats.clients = this.#clients.size;
    if (this.#clients.size === 0 && this.#heartbeat !== undefined) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
    }
  }
}

const HEARTBEAT = encoder.encode(formatSseComment("heartbeat"));

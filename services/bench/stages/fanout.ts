/**
 * Stage 4: one dashboard, many SSE clients (in worker threads), synthetic
 * metric records on the metrics topic; the delay from the dashboard consuming a
 * record (`received_at`) to each client receiving the update, and the
 * dashboard's memory.
 */
import { deadline } from "../../../shared/deadline.ts";
import { MINUTE_MS } from "../../../shared/time.ts";
import { createProducer } from "../../../shared/kafka.ts";
import {
  metricKey,
  type MetricRecord,
} from "../../../shared/schemas/metrics.ts";
import type { BenchContext } from "../context.ts";
import { withStageTopics } from "../context.ts";
import { startDashboard } from "../pipeline.ts";
import { sampleMemory } from "../proc_status.ts";
import { type BenchResult, makeResult } from "../results.ts";
import { percentile } from "../stats.ts";
import type { WorkerCommand, WorkerReply } from "./fanout_worker.ts";

const WORKERS = 2;
const MB = 1024 * 1024;

/**
 * The n-th synthetic record: events_per_minute over three partitions, each
 * record in a different one of the last 30 minutes' windows, so that records
 * coalesced into one update keep their own `received_at` and each is measured.
 */
export function syntheticRecord(n: number, now: number): MetricRecord {
  const start = Math.floor(now / MINUTE_MS) * MINUTE_MS - (n % 30) * MINUTE_MS;
  const total = n + 1;
  return {
    metric: "events_per_minute",
    window_start: new Date(start).toISOString(),
    window_end: new Date(start + MINUTE_MS).toISOString(),
    partition: n % 3,
    final: false,
    emitted_at: new Date(now).toISOString(),
    data: {
      game_page_viewed: total,
      wishlist_action: 0,
      cart_action: 0,
      purchase: 0,
      search_performed: 0,
      total,
    },
  };
}

class ClientPool {
  readonly #workers: Worker[] = [];
  readonly #waiters: ((reply: WorkerReply) => void)[][] = [];
  readonly errors: string[] = [];

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(
        new URL("./fanout_worker.ts", import.meta.url).href,
        { type: "module" },
      );
      this.#waiters.push([]);
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        if (event.data.type === "error") {
          this.errors.push(event.data.message);
          return;
        }
        this.#waiters[i].shift()?.(event.data);
      };
      this.#workers.push(worker);
    }
  }

  #ask(i: number, command: WorkerCommand): Promise<WorkerReply> {
    return new Promise((resolve) => {
      this.#waiters[i].push(resolve);
      this.#workers[i].postMessage(command);
    });
  }

  async open(url: string, clients: number, timeoutMs: number): Promise<void> {
    const share = (i: number) =>
      Math.floor(clients / this.#workers.length) +
      (i < clients % this.#workers.length ? 1 : 0);
    await deadline(
      Promise.all(
        this.#workers.map((_, i) =>
          this.#ask(i, { cmd: "open", url, clients: share(i) })
        ),
      ),
      timeoutMs,
      {
        message: () =>
          `Not all ${clients} SSE clients got a snapshot within ${timeoutMs} ms: ${
            this.errors.slice(0, 3).join("; ")
          }`,
      },
    );
  }

  async flush(): Promise<
    { delays: number[]; delivery: number[]; updates: number[]; closed: number }
  > {
    const replies = await Promise.all(
      this.#workers.map((_, i) => this.#ask(i, { cmd: "flush" })),
    );
    const out = {
      delays: [] as number[],
      delivery: [] as number[],
      updates: [] as number[],
      closed: 0,
    };
    for (const reply of replies) {
      if (reply.type !== "delays") continue;
      for (const d of reply.delays) out.delays.push(d);
      for (const d of reply.delivery) out.delivery.push(d);
      out.updates.push(...reply.updates);
      out.closed += reply.closed;
    }
    return out;
  }

  close(): void {
    for (const worker of this.#workers) {
      worker.postMessage({ cmd: "close" } satisfies WorkerCommand);
      setTimeout(() => worker.terminate(), 2_000);
    }
  }
}

export function runFanoutStage(ctx: BenchContext): Promise<BenchResult[]> {
  const {
    fanoutClients: clients,
    fanoutRunMs: runMs,
    fanoutRecordsPerSec: perSec,
  } = ctx.plan;
  return withStageTopics(ctx, "fanout", async (topics) => {
    const dashboard = await startDashboard(ctx, topics);
    const memory = sampleMemory(dashboard.service.pid, 500);
    const pool = new ClientPool(WORKERS);
    const producer = createProducer(ctx.kafka, {
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const p50: number[] = [];
    const p99: number[] = [];
    const rss: number[] = [];
    const deliveryP99: number[] = [];
    let n = 0;
    const send = async () => {
      const record = syntheticRecord(n++, Date.now());
      await producer.send({
        topic: topics.names.metrics,
        acks: -1,
        messages: [{ key: metricKey(record), value: JSON.stringify(record) }],
      });
    };
    try {
      await pool.open(`${dashboard.url}/api/stream`, clients, 60_000);
      ctx.progress(`fanout: ${clients} SSE clients connected`);
      for (let run = -1; run < ctx.runs; run++) {
        const started = Date.now();
        while (
          Date.now() - started < (run < 0 ? Math.min(3_000, runMs) : runMs)
        ) {
          ctx.signal.throwIfAborted();
          const tick = Date.now();
          await send();
          await new Promise((resolve) =>
            setTimeout(
              resolve,
              Math.max(0, 1000 / perSec - (Date.now() - tick)),
            )
          );
        }
        // Let the last update reach every client before collecting.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const { delays, delivery, updates, closed } = await pool.flush();
        if (run < 0) continue;
        if (delays.length === 0) {
          throw new Error(
            `No SSE client received an update in fanout run ${run + 1}`,
          );
        }
        p50.push(percentile(delays, 50));
        p99.push(percentile(delays, 99));
        rss.push(memory.peak() / MB);
        deliveryP99.push(percentile(delivery, 99));
        ctx.progress(
          `fanout run ${
            run + 1
          }/${ctx.runs}: ${delays.length} deliveries to ${clients} clients (updates per client ${
            Math.min(...updates)
          }–${Math.max(...updates)}, ${closed} dropped), p50 ${
            p50.at(-1)
          } ms, p99 ${p99.at(-1)} ms (of which fan-out p99 ${
            deliveryP99.at(-1)
          } ms), dashboard RSS ${(memory.peak() / MB).toFixed(0)} MB peak`,
        );
      }
    } finally {
      pool.close();
      await producer.disconnect().catch(() => {});
      await memory.stop();
      await dashboard.service.stop();
    }
    return [
      makeResult({ name: "fanout-p50", unit: "ms", ours: p50 }),
      makeResult({
        name: "fanout",
        unit: "ms",
        ours: p99,
        goal: { on: "ours", op: "<", value: 250 },
      }),
      makeResult({
        name: "fanout-delivery-p99",
        unit: "ms",
        ours: deliveryP99,
      }),
      makeResult({
        name: "fanout-rss",
        unit: "MB",
        ours: rss,
        goal: { on: "ours", op: "<", value: 300 },
      }),
    ];
  });
}

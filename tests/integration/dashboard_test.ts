import assert from "node:assert/strict";
import { startDashboard } from "../../services/dashboard/server.ts";
import type { MetricWindow, Snapshot, Update } from "../../lib/types.ts";
import { createLogger } from "../../shared/log.ts";
import { produceMetrics, sampleRecords } from "./dashboard_fixture.ts";
import { integrationTest, withTestTopics } from "./fixture.ts";

const quiet = createLogger("dashboard", "silent");

/** Reads SSE frames from a response body as {event, id, data}. */
async function* frames(body: ReadableStream<Uint8Array<ArrayBuffer>>) {
  let buffer = "";
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of frame.split("\n")) {
        const at = line.indexOf(": ");
        if (at > 0) fields[line.slice(0, at)] = line.slice(at + 2);
      }
      if (fields.data !== undefined) yield fields;
    }
  }
}

const revenueOf = (windows: MetricWindow[], start: string) =>
  windows.find((w) =>
    w.metric === "revenue_per_minute" && w.window_start === start
  );

integrationTest(
  "metrics on the topic appear in /api/metrics and /api/stream, and a restarted dashboard replays them",
  async () => {
    const t = await withTestTopics("dashboard");
    const config = {
      ...t.config,
      DASHBOARD_PORT: 0,
      LOG_LEVEL: "silent" as const,
    };
    const endMs = Math.floor(Date.now() / 60_000) * 60_000;
    const newest = new Date(endMs).toISOString();
    const first = sampleRecords({ endMs, minutes: 3 });
    await produceMetrics(t.kafka, t.names.metrics, first, [
      "not json",
      JSON.stringify({ metric: "revenue_per_minute" }),
    ]);
    let dashboard = await startDashboard(config, { logger: quiet });
    try {
      await dashboard.replayed;
      assert.equal(dashboard.state.consumer.invalid, 2);
      const snapshot: Snapshot = await (await fetch(
        `${dashboard.url}/api/metrics`,
      )).json();
      const expected = first.filter((r) =>
        r.metric === "revenue_per_minute" && r.window_start === newest
      ).reduce((s, r) => s + (r.data as { orders: number }).orders, 0);
      const window = revenueOf(snapshot.windows, newest)!;
      assert.equal(window.parts, 3);
      assert.equal((window.value as { orders: number }).orders, expected);

      const stream = await fetch(`${dashboard.url}/api/stream`);
      assert.equal(
        stream.headers.get("content-type"),
        "text/event-stream; charset=utf-8",
      );
      const events = frames(stream.body!);
      const opening = (await events.next()).value!;
      assert.equal(opening.event, "snapshot");

      const later = sampleRecords({ endMs, minutes: 1, scale: 10 });
      const producedAt = Date.now();
      await produceMetrics(t.kafka, t.names.metrics, later);
      let update: Update | undefined;
      for await (const frame of events) {
        if (frame.event !== "update") continue;
        const candidate = JSON.parse(frame.data) as Update;
        const w = revenueOf(candidate.windows, newest);
        if (w && (w.value as { orders: number }).orders !== expected) {
          update = candidate;
          assert.equal(frame.id, candidate.id);
          break;
        }
      }
      await stream.body!.cancel().catch(() => {});
      const changed = revenueOf(update!.windows, newest)!;
      const want = later.filter((r) => r.metric === "revenue_per_minute")
        .reduce((s, r) => s + (r.data as { orders: number }).orders, 0);
      assert.equal((changed.value as { orders: number }).orders, want);
      assert.ok(changed.received_at >= producedAt - 1_000);
      assert.ok(update!.sent_at >= changed.received_at);

      const kafka = await (await fetch(`${dashboard.url}/api/kafka`)).json();
      assert.ok(
        kafka.topics.some((topic: { name: string }) =>
          topic.name === t.names.metrics
        ),
      );

      await dashboard.shutdown();
      dashboard = await startDashboard(config, { logger: quiet });
      await dashboard.replayed;
      const replayed: Snapshot = await (await fetch(
        `${dashboard.url}/api/metrics`,
      )).json();
      const again = revenueOf(replayed.windows, newest)!;
      assert.deepEqual(again.value, changed.value);
      assert.equal(
        replayed.windows.length,
        (await (await fetch(`${dashboard.url}/api/metrics`)).json()).windows
          .length,
      );
      assert.equal(
        replayed.windows.filter((w) => w.metric === "revenue_per_minute")
          .length,
        3,
      );
    } finally {
      await dashboard.shutdown();
      await t.cleanup();
    }
  },
);

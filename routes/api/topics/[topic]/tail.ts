import type { Handlers } from "$fresh/server.ts";
import { formatSse, sseResponse } from "$fresh/sse.ts";
import type { DashboardState } from "../../../../services/dashboard/state.ts";
import { checkAccess } from "../../../../services/dashboard/access.ts";
import { parseBrowseQuery } from "../../../../services/dashboard/browse_query.ts";

const encoder = new TextEncoder();

/** A live tail of a topic as SSE `records` frames (a JSON array of RecordView, oldest first), from its end. */
export const handler: Handlers<unknown, DashboardState> = {
  GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    let query;
    try {
      query = parseBrowseQuery(ctx.url.searchParams);
    } catch (error) {
      return new Response((error as Error).message, { status: 400 });
    }
    const stop = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(formatSse({ event: "open", data: "{}", retry: 3000 })),
        );
        ctx.state.pages.tail(ctx.params.topic, {
          partition: query.partition,
          query,
          signal: stop.signal,
          // The page says "following" only from here: records sent earlier
          // than the tail's start are not shown.
          onReady: () =>
            controller.enqueue(
              encoder.encode(formatSse({ event: "ready", data: "{}" })),
            ),
          onRecords: (records) =>
            controller.enqueue(
              encoder.encode(
                formatSse({ event: "records", data: JSON.stringify(records) }),
              ),
            ),
        }).catch((error) => {
          if (stop.signal.aborted) return;
          controller.enqueue(encoder.encode(formatSse({
            event: "error",
            data: JSON.stringify({ error: (error as Error).message }),
          })));
        }).finally(() => {
          try {
            controller.close();
          } catch {
            // Already closed by the client going away.
          }
        });
      },
      cancel() {
        stop.abort();
      },
    });
    return sseResponse(body);
  },
};

import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";

/** Topics, partitions, leaders, watermarks, retention, and the processor group's members and lag. */
export const handler: Handlers<unknown, DashboardState> = {
  async GET(_req, { state }) {
    try {
      return Response.json(await state.kafkaOverview(), {
        headers: { "cache-control": "no-store" },
      });
    } catch (error) {
      return Response.json({
        error: `Cannot read the Kafka overview: ${
          error instanceof Error ? error.message : String(error)
        }`,
      }, { status: 503 });
    }
  },
};

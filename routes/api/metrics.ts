import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";

/** The current snapshot: every merged window of the last hour (the stream's snapshot trims per-game and per-query windows to 15 minutes). */
export const handler: Handlers<unknown, DashboardState> = {
  GET(_req, { state }) {
    return Response.json({
      id: state.hub.lastId,
      windows: state.store.windows(),
    }, {
      headers: { "cache-control": "no-store" },
    });
  },
};

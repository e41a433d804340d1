import type { Handlers } from "../../services/dashboard/runtime_types.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";

/** The current snapshot: every merged window of the last hour. */
export const handler: Handlers<DashboardState> = {
  GET(_req, { state }) {
    return Response.json(state.hub.snapshot(), {
      headers: { "cache-control": "no-store" },
    });
  },
};

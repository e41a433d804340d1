import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";

/** The alerts that hold (`{rule, reason, since}`), and those cleared in the last few minutes. */
export const handler: Handlers<unknown, DashboardState> = {
  GET(_req, { state }) {
    const { alerts, cleared, evaluated_at } = state.monitor();
    return Response.json({
      alerts,
      cleared,
      evaluated_at: new Date(evaluated_at).toISOString(),
    }, { headers: { "cache-control": "no-store" } });
  },
};

import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../../../services/dashboard/state.ts";
import { checkAccess } from "../../../services/dashboard/access.ts";
import { inContext } from "../../../services/dashboard/lab_views.ts";

/**
 * A lab's progress (`LabProgress`). With `?watch=1` the lab is watched for
 * the next 10 s (its page asks every 1.5 s): the first such request takes
 * the baseline. 404 for an unknown lab, 429 when too many labs are watched.
 */
export const handler: Handlers<unknown, DashboardState> = {
  GET(req, { state, params, url }) {
    const denied = checkAccess(req, state.pages.access);
    if (denied) return denied;
    const headers = { "cache-control": "no-store" };
    try {
      const progress = state.labs.view(params.id, {
        watch: url.searchParams.get("watch") === "1",
      });
      if (!progress) {
        return Response.json({ error: `No lab ${params.id}` }, {
          status: 404,
          headers,
        });
      }
      return Response.json(inContext(state, progress), { headers });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return Response.json({ error: error.message }, { status: 429, headers });
    }
  },
};

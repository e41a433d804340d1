import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../../../../services/dashboard/state.ts";
import { checkAccess } from "../../../../services/dashboard/access.ts";
import {
  crossSite,
  inContext,
} from "../../../../services/dashboard/lab_views.ts";

/** Drops the lab's progress and takes a new baseline: every step waits again. */
export const handler: Handlers<unknown, DashboardState> = {
  POST(req, { state, params }) {
    const denied = checkAccess(req, state.pages.access) ?? crossSite(req);
    if (denied) return denied;
    const headers = { "cache-control": "no-store" };
    try {
      const progress = state.labs.restart(params.id);
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

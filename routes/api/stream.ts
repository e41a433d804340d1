import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";

/**
 * Server-Sent Events: a `snapshot`, then `update`s. Resumes after
 * `Last-Event-ID` (or `?last_event_id=`, which the page sets on its first
 * connection since it already holds the rendered snapshot).
 */
export const handler: Handlers<unknown, DashboardState> = {
  GET(req, { state, url }) {
    const lastId = req.headers.get("last-event-id") ??
      url.searchParams.get("last_event_id");
    return state.hub.response(lastId);
  },
};

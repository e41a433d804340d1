import type { Handlers } from "../services/dashboard/runtime_types.ts";
import type { DashboardState } from "../services/dashboard/state.ts";

/** 200 when the broker answers and the metrics consumer runs, 503 otherwise. */
export const handler: Handlers<DashboardState> = {
  async GET(_req, { state }) {
    const broker = await state.brokerReachable();
    const { running, replayed } = state.consumer;
    const ok = broker && running;
    return Response.json({
      status: ok ? "ok" : "unavailable",
      broker_reachable: broker,
      consumer_running: running,
      replayed,
      sse_clients: state.hub.stats.clients,
      uptime_s: Math.round((state.now() - state.startedAt) / 1000),
    }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
};

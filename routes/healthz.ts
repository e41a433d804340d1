import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../services/dashboard/state.ts";
import { FAILING_RULES } from "../lib/monitor_types.ts";

/**
 * 200 when the dashboard is ready (the broker answers, the metrics consumer
 * runs) and the pipeline is not failing (no stalled or unowned partition, the
 * processor reports); 503 otherwise, with the reasons.
 */
export const handler: Handlers<unknown, DashboardState> = {
  async GET(_req, { state }) {
    const broker = await state.brokerReachable();
    const { running, replayed } = state.consumer;
    const ready = broker && running;
    const failing = state.monitor().alerts.filter((a) =>
      FAILING_RULES.includes(a.rule)
    );
    const reasons = [
      ...(broker ? [] : ["The broker does not answer"]),
      ...(running ? [] : ["The metrics consumer is not running"]),
      ...failing.map((a) => a.reason),
    ];
    const ok = ready && failing.length === 0;
    return Response.json({
      status: ok ? "ok" : "unavailable",
      reasons,
      failing_rules: failing.map((a) => a.rule),
      broker_reachable: broker,
      consumer_running: running,
      replayed,
      sse_clients: state.hub.stats.clients,
      uptime_s: Math.round((state.now() - state.startedAt) / 1000),
    }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
};

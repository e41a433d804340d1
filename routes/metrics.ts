import type { Handlers } from "$fresh/server.ts";
import type { DashboardState } from "../services/dashboard/state.ts";
import { prometheusText } from "../services/dashboard/prometheus.ts";
import { indexWindows } from "../lib/windows.ts";

/** Prometheus text format, for scraping into Grafana. */
export const handler: Handlers<unknown, DashboardState> = {
  GET(_req, { state }) {
    const text = prometheusText({
      index: indexWindows(state.store.windows()),
      hub: state.hub.stats,
      consumer: state.consumer,
      monitor: state.monitor(),
      nowMs: state.now(),
    });
    return new Response(text, {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
    });
  },
};

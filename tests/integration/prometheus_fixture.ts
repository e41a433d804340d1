/**
 * A real Prometheus (Debian's /usr/bin/prometheus) for integration tests:
 * services/labs/prometheus.ts with 1 s scrapes and evaluations, failing with
 * how to install it when it is missing.
 */
import {
  PROMETHEUS_BIN,
  type RunningPrometheus,
  startPrometheus as start,
} from "../../services/labs/prometheus.ts";
import { requireTool } from "../unit/monitoring/promtool.ts";

export type {
  PromAlert,
  RunningPrometheus,
  Sample,
} from "../../services/labs/prometheus.ts";

/** Starts Prometheus scraping `target` (host:port) with our rules; resolves once it is ready. */
export async function startPrometheus(
  target: string,
): Promise<RunningPrometheus> {
  return await start(target, {
    bin: await requireTool(PROMETHEUS_BIN),
    interval: "1s",
  });
}

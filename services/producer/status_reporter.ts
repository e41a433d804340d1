/** The live status: a self-rewriting line on a terminal, plain log lines otherwise. */
import type { Logger } from "../../shared/log.ts";
import { formatStatus, type ProducerStats, snapshot } from "./stats.ts";

export interface StatusReporter {
  stop(): void;
}

const encoder = new TextEncoder();

export function startStatusReporter(
  stats: ProducerStats,
  logger: Logger,
  tty = Deno.stdout.isTerminal(),
): StatusReporter {
  const intervalMs = tty ? 1_000 : 10_000;
  let previous = snapshot(stats);
  let last = performance.now();
  const timer = setInterval(function reportStatus() {
    const now = performance.now();
    const line = formatStatus(stats, previous, now - last);
    previous = snapshot(stats);
    last = now;
    if (tty) Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${line}`));
    else logger.info(line);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      if (tty) Deno.stdout.writeSync(encoder.encode("\r\x1b[2K"));
    },
  };
}

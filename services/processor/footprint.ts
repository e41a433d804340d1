/** The processor's debug line on what bounds its memory: buffered records, sessions, windows, outputs. */
import type { Logger } from "../../shared/log.ts";
import type { RunStats } from "./stats.ts";
import type { Task } from "./task.ts";

const mb = (bytes: number) => Math.round(bytes / 1048576);

export function logFootprint(log: Logger, tasks: Task[], stats: RunStats) {
  const memory = Deno.memoryUsage();
  const sums = { buffered: 0, sessions: 0, windows: 0, outbox: 0 };
  for (const task of tasks) {
    if (task.phase !== "active") continue;
    sums.buffered += task.input.bufferedTotal();
    sums.sessions += task.state.sessions.size;
    sums.windows += task.state.windows.size;
    sums.outbox += task.outbox;
  }
  log.debug("footprint", {
    rss_mb: mb(memory.rss),
    heap_mb: mb(memory.heapUsed),
    external_mb: mb(memory.external),
    records_in: stats.recordsIn,
    ...sums,
  });
}

/** The peak RSS for the summary, sampled every tick, and the footprint line every `everyMs`. */
export class FootprintMeter {
  peakRss = 0;
  readonly #log: Logger;
  readonly #everyMs: number;
  #last = 0;

  constructor(log: Logger, everyMs: number) {
    this.#log = log;
    this.#everyMs = everyMs;
  }

  sample(now: number, tasks: () => Task[], stats: RunStats) {
    const rss = Deno.memoryUsage().rss;
    if (rss > this.peakRss) this.peakRss = rss;
    if (now - this.#last < this.#everyMs) return;
    this.#last = now;
    logFootprint(this.#log, tasks(), stats);
  }
}

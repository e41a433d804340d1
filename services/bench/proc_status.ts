/** Memory of a running process from /proc/<pid>/status (Linux). */

export interface MemoryUsage {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size ("high water mark"), bytes. */
  peak: number;
}

/** Reads VmRSS and VmHWM (in kB) out of the text of /proc/<pid>/status. */
export function parseProcStatus(text: string): MemoryUsage | null {
  const field = (name: string) => {
    const match = text.match(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m"));
    return match ? Number(match[1]) * 1024 : null;
  };
  const rss = field("VmRSS");
  if (rss === null) return null;
  return { rss, peak: field("VmHWM") ?? rss };
}

/** The process's memory now, or null when it is gone or /proc is missing. */
export async function readMemory(pid: number): Promise<MemoryUsage | null> {
  try {
    return parseProcStatus(await Deno.readTextFile(`/proc/${pid}/status`));
  } catch {
    return null;
  }
}

export interface MemorySampler {
  /** Samples taken so far, with the time (ms since the sampler started). */
  readonly samples: { at: number; rss: number }[];
  /** Highest peak seen, bytes (0 if never sampled). */
  peak(): number;
  stop(): Promise<void>;
}

/** Samples a process's memory every `intervalMs` until stopped or the process ends. */
export function sampleMemory(pid: number, intervalMs: number): MemorySampler {
  const started = performance.now();
  const samples: { at: number; rss: number }[] = [];
  let peak = 0;
  let stopped = false;
  const take = async () => {
    const usage = await readMemory(pid);
    if (!usage) return;
    peak = Math.max(peak, usage.peak);
    samples.push({ at: performance.now() - started, rss: usage.rss });
  };
  let pending = take();
  const timer = setInterval(() => {
    if (!stopped) pending = pending.then(take);
  }, intervalMs);
  return {
    samples,
    peak: () => peak,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await pending.then(take);
    },
  };
}

/**
 * A lab done by hand and watched from the dashboard: its steps are checked in
 * order with their own pure `expect` against snapshots of the broker. The
 * first step starts at the baseline snapshot; each next one starts at the
 * snapshot that showed the previous step's effect. No clock, no Kafka here.
 */
import type { Lab, Snapshot } from "./model.ts";
import type { LabProgress, StepProgress } from "../../lib/labs_types.ts";

export interface Progress {
  /** The snapshot taken when the watch (re)started. */
  baseline: Snapshot;
  /** The snapshot the current step started from. */
  start: Snapshot;
  /** The newest snapshot. */
  latest: Snapshot;
  /** Each step seen so far, in order: what was seen and when. */
  seen: { detail: string; at: number }[];
  /** What the current step still misses in `latest`; null once every step was seen. */
  missing: string | null;
}

/** The progress at the baseline, already checked against it (a step whose effect holds is seen at once). */
export function beginProgress(lab: Lab, baseline: Snapshot): Progress {
  return advanceProgress(lab, {
    baseline,
    start: baseline,
    latest: baseline,
    seen: [],
    missing: null,
  }, baseline);
}

/**
 * Checks the current step against `now`; when it is seen, the next step
 * starts at `now` and is checked against it too, and so on.
 */
export function advanceProgress(
  lab: Lab,
  progress: Progress,
  now: Snapshot,
): Progress {
  let { start } = progress;
  const seen = [...progress.seen];
  let missing: string | null = null;
  while (seen.length < lab.steps.length) {
    const result = lab.steps[seen.length].expect({ start, now });
    if (!result.ok) {
      missing = result.detail;
      break;
    }
    seen.push({ detail: result.detail, at: now.at });
    start = now;
  }
  return { baseline: progress.baseline, start, latest: now, seen, missing };
}

export interface ProgressViewOptions {
  watching: boolean;
  error: string | null;
}

/** What the page shows of `progress` (null: not started). */
export function progressView(
  lab: Lab,
  progress: Progress | null,
  { watching, error }: ProgressViewOptions,
): LabProgress {
  const current = progress?.seen.length ?? 0;
  const steps = lab.steps.map((step, i): StepProgress => {
    const base = {
      title: step.title,
      doIt: step.doIt,
      limit_ms: step.timeoutMs.manual,
      overdue: false,
    };
    if (progress && i < current) {
      const started = i === 0 ? progress.baseline.at : progress.seen[i - 1].at;
      return {
        ...base,
        status: "seen",
        detail: progress.seen[i].detail,
        started_at: started,
        seen_at: progress.seen[i].at,
      };
    }
    if (progress && i === current) {
      return {
        ...base,
        status: "waiting",
        detail: progress.missing,
        started_at: progress.start.at,
        seen_at: null,
        overdue: progress.latest.at - progress.start.at >
          step.timeoutMs.manual,
      };
    }
    return {
      ...base,
      status: "pending",
      detail: null,
      started_at: null,
      seen_at: null,
    };
  });
  return {
    lab: lab.id,
    watching,
    started_at: progress?.baseline.at ?? null,
    polled_at: progress?.latest.at ?? null,
    error,
    current,
    steps,
    verify: progress?.latest.verify ?? null,
  };
}

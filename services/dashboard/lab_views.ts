/** A lab's progress as the Labs page serves it: the watcher's view with the dashboard's own verify and semantics. */
import type { LabProgress } from "../../lib/labs_types.ts";
import { latestSemantics } from "../../lib/semantics.ts";
import type { DashboardState } from "./state.ts";

/** Adds the verify result the monitor read (before the lab's first snapshot) and the metric records' semantics. */
export function inContext(
  state: DashboardState,
  progress: LabProgress,
): LabProgress {
  return {
    ...progress,
    verify: progress.verify ?? state.monitor().verify ?? null,
    semantics: latestSemantics(state.store.windows()),
  };
}

/**
 * A POST from another site (a page the learner happens to have open) must
 * not act on the dashboard: browsers send `Origin` on every POST, and it must
 * be the dashboard's own.
 */
export function crossSite(req: Request): Response | null {
  const origin = req.headers.get("origin");
  if (origin === null || origin === new URL(req.url).origin) return null;
  return Response.json(
    {
      error: `Refused: a request from ${origin} may not act on this dashboard`,
    },
    { status: 403 },
  );
}

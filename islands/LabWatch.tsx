/** A lab's steps, ticked as the server sees each effect: polls `/api/labs/:id?watch=1` while the page watches. */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { LabProgress } from "../lib/labs_types.ts";
import { LabSteps } from "../components/LabSteps.tsx";
import { SemanticsBadge } from "../components/SemanticsBadge.tsx";
import { VerifySummary } from "../components/VerifySummary.tsx";

export interface Props {
  /** The server's view at render (not watched yet, or watched by another page). */
  initial: LabProgress;
  /** Between two requests; the server snapshots at the same pace. */
  pollMs: number;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export default function LabWatch({ initial, pollMs }: Props) {
  const progress = useSignal(initial);
  const on = useSignal(true);
  const problem = useSignal<string | null>(null);
  const url = `/api/labs/${encodeURIComponent(initial.lab)}`;

  async function apply(response: Response) {
    const body = await response.json();
    if (!response.ok) {
      problem.value = body.error ?? `HTTP ${response.status}`;
      return;
    }
    problem.value = null;
    progress.value = body as LabProgress;
  }

  useEffect(() => {
    if (!on.value) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const poll = async () => {
      try {
        await apply(
          await fetch(`${url}?watch=1`, {
            cache: "no-store",
            signal: controller.signal,
          }),
        );
      } catch (error) {
        if (controller.signal.aborted) return;
        problem.value = `Cannot reach the dashboard: ${
          (error as Error).message
        }`;
      }
      timer = setTimeout(poll, pollMs);
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [on.value]);

  async function restart() {
    try {
      await apply(await fetch(`${url}/restart`, { method: "POST" }));
      on.value = true;
    } catch (error) {
      problem.value = `Cannot restart: ${(error as Error).message}`;
    }
  }

  const p = progress.value;
  const done = p.current >= p.steps.length && p.started_at !== null;
  return (
    <section class="card lab-watch">
      <header class="card-head">
        <h2>Steps</h2>
        <span class="lab-status" role="status">
          {p.started_at === null
            ? on.value ? "taking the baseline…" : "not watching"
            : (
              <span data-testid="lab-started">
                {done
                  ? "all steps seen"
                  : `step ${p.current + 1} of ${p.steps.length}`} · baseline
                {" "}
                {clock(p.started_at)} UTC
                {p.polled_at ? ` · checked ${clock(p.polled_at)}` : ""}
                {on.value ? "" : " · paused"}
              </span>
            )}
        </span>
        <span class="lab-buttons">
          <SemanticsBadge semantics={p.semantics ?? null} />
          <button
            type="button"
            data-testid="lab-watch"
            onClick={() => on.value = !on.value}
          >
            {on.value ? "Stop watching" : "Start watching"}
          </button>
          <button type="button" data-testid="lab-restart" onClick={restart}>
            Restart
          </button>
        </span>
      </header>
      {problem.value || p.error
        ? <p class="error" role="alert">{problem.value ?? p.error}</p>
        : null}
      <LabSteps steps={p.steps} />
      <VerifySummary verify={p.verify} />
    </section>
  );
}

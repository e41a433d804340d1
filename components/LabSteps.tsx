/** A lab's steps in order: ✓ with what was seen and when, "waiting:" with what is missing, or not started. */
import type { StepProgress } from "../lib/labs_types.ts";

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

const MARK = { seen: "✓", waiting: "…", pending: "○" } as const;
/** `Watch: …`, `Wait: …`: where to look, not a command. */
const REMARK = /^[A-Z][a-z]+:\s/;

function Outcome({ step }: { step: StepProgress }) {
  switch (step.status) {
    case "seen":
      return (
        <p class="outcome" data-testid="step-outcome">
          ✓ {step.detail}{" "}
          <span class="note">
            at {clock(step.seen_at!)} UTC, {seconds(
              step.seen_at! - step.started_at!,
            )} after the step began
          </span>
        </p>
      );
    case "waiting":
      return (
        <p class="outcome" data-testid="step-outcome">
          {step.overdue
            ? `not seen within ${seconds(step.limit_ms)}: `
            : "waiting: "}
          {step.detail ?? "the first snapshot"}
        </p>
      );
    case "pending":
      return null;
  }
}

export function LabSteps({ steps }: { steps: StepProgress[] }) {
  return (
    <ol class="lab-steps" data-testid="lab-steps">
      {steps.map((step, i) => (
        <li
          key={i}
          class={`step ${step.status}${step.overdue ? " overdue" : ""}`}
          data-step={i}
          data-status={step.status}
        >
          <span class="mark" aria-hidden="true">{MARK[step.status]}</span>
          <div class="step-body">
            <h3>
              {i + 1}. {step.title}
            </h3>
            <ul class="commands">
              {step.doIt.map((line, j) =>
                REMARK.test(line)
                  ? <li key={j} class="note">{line}</li>
                  : (
                    <li key={j}>
                      <code>{line}</code>
                    </li>
                  )
              )}
            </ul>
            <Outcome step={step} />
          </div>
        </li>
      ))}
    </ol>
  );
}

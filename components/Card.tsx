import type { ComponentChildren } from "preact";

export interface CardProps {
  title: string;
  note?: string;
  class?: string;
  children: ComponentChildren;
}

/** A titled panel of the dashboard. */
export function Card({ title, note, class: extra, children }: CardProps) {
  return (
    <section class={`card ${extra ?? ""}`}>
      <header class="card-head">
        <h2>{title}</h2>
        {note && <span class="note">{note}</span>}
      </header>
      {children}
    </section>
  );
}

export interface StatProps {
  label: string;
  value: string;
  tone?: "good" | "bad" | "warn";
  testId?: string;
}

/** One big figure with its label. */
export function Stat({ label, value, tone, testId }: StatProps) {
  return (
    <div class={`stat ${tone ?? ""}`}>
      <span class="stat-value" data-testid={testId}>{value}</span>
      <span class="stat-label">{label}</span>
    </div>
  );
}

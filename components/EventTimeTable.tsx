/** Each task's watermark against the wall clock, the allowed lateness and late events per minute. */
import { type EventTimePanel, formatDrift } from "../lib/event_time.ts";
import { formatInt, formatPercent } from "../lib/format.ts";

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

function drift(ms: number | null): string {
  if (ms === null) return "–";
  if (Math.abs(ms) < 1_000) return "with the wall clock";
  return `${formatDrift(ms)} ${ms > 0 ? "ahead" : "behind"}`;
}

export function EventTimeTable({ p }: { p: EventTimePanel }) {
  const last = p.lastMinute;
  return (
    <div class="event-time" data-testid="event-time">
      <p class="foot">
        Event time: windows close {p.latenessMs === null
          ? "(allowed lateness not reported yet)"
          : `${formatDrift(p.latenessMs)} after the newest event passes them`}
        ; late events, last full minute:{" "}
        <b data-testid="late-minute">
          {last
            ? `${formatInt(last.late)} (${formatPercent(last.share)})`
            : "–"}
        </b>
        {p.producers.length > 0 &&
          ` · generators' clocks: ${
            p.producers.map((g) => `${drift(g.aheadMs)} at --speed ${g.speed}`)
              .join(", ")
          }`}
      </p>
      {p.tasks.length === 0
        ? <p class="empty">No task has reported its watermark yet.</p>
        : (
          <table class="watermarks">
            <thead>
              <tr>
                <th>task</th>
                <th>watermark (UTC)</th>
                <th>vs wall clock</th>
              </tr>
            </thead>
            <tbody>
              {p.tasks.map((t) => (
                <tr key={t.partition} data-testid="watermark">
                  <td>{t.partition}</td>
                  <td>
                    {t.watermark === null ? "no event yet" : clock(t.watermark)}
                  </td>
                  <td>{drift(t.aheadMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </div>
  );
}

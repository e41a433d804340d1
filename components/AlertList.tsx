/** The server's alerts with their reasons and since when, and those cleared in the last few minutes. */
import type { ActiveAlert, ClearedAlert } from "../lib/monitor_types.ts";

const clock = (iso: string) => `${iso.slice(11, 19)} UTC`;

export function AlertList(
  { alerts, cleared }: { alerts: ActiveAlert[]; cleared: ClearedAlert[] },
) {
  return (
    <>
      {alerts.length > 0 && (
        <ul class="alerts" role="alert" data-testid="alerts">
          {alerts.map((a) => (
            <li
              key={a.rule}
              class={`alert ${a.rule}`}
              data-testid="alert"
              data-rule={a.rule}
            >
              {a.reason} <span class="since">since {clock(a.since)}</span>
            </li>
          ))}
        </ul>
      )}
      {cleared.length > 0 && (
        <ul class="alerts cleared" data-testid="cleared-alerts">
          {cleared.map((a) => (
            <li
              key={`${a.rule}|${a.cleared_at}`}
              class="alert cleared"
              data-rule={a.rule}
            >
              Cleared at {clock(a.cleared_at)} (held since {clock(a.since)}):
              {" "}
              {a.reason}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

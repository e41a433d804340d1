/** Pipeline health: throughput, lag per partition, dead letters, errors, late events. */
import type { PipelinePanel } from "../services/dashboard/view/pipeline.ts";
import {
  formatInt,
  formatPercent,
  formatRate,
} from "../services/dashboard/view/format.ts";
import type { Alert } from "../services/dashboard/view/alerts.ts";
import { Bar } from "./charts.tsx";
import { Card, Stat } from "./Card.tsx";

export function PipelineCard(
  { p, alerts, maxLag }: { p: PipelinePanel; alerts: Alert[]; maxLag: number },
) {
  const errTone = p.errorRate === null
    ? undefined
    : p.errorRate > 0.01
    ? "bad"
    : "good";
  return (
    <Card
      title="Pipeline health"
      note={p.instances.length
        ? `${p.instances.length} processor instance(s)`
        : "no processor seen yet"}
      class="wide"
    >
      <div class="stats">
        <Stat
          label="events in / s"
          value={formatRate(p.eventsPerSecond)}
          testId="events-in"
        />
        <Stat
          label="max lag"
          value={formatInt(p.maxLag)}
          tone={p.maxLag > maxLag ? "bad" : "good"}
        />
        <Stat
          label="dead letters, 1 h"
          value={formatInt(p.deadLettersHour)}
          tone={p.deadLettersHour > 0 ? "warn" : undefined}
        />
        <Stat
          label="error rate, 5 min"
          value={formatPercent(p.errorRate, 2)}
          tone={errTone}
        />
        <Stat label="late events, 1 h" value={formatInt(p.lateEventsHour)} />
        <Stat
          label="producer failed / min"
          value={p.producer ? formatInt(p.producer.failed) : "–"}
          tone={p.producer && p.producer.failed > 10 ? "bad" : undefined}
        />
      </div>
      {alerts.length > 0 && (
        <ul class="alerts" role="alert" data-testid="alerts">
          {alerts.map((a) => (
            <li key={a.rule} class={`alert ${a.rule}`}>{a.reason}</li>
          ))}
        </ul>
      )}
      {p.lag.length > 0 && (
        <table class="lag">
          <thead>
            <tr>
              <th>topic</th>
              <th>partition</th>
              <th>lag</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.lag.map((r) => (
              <tr
                key={`${r.topic}-${r.partition}`}
                class={r.lag > maxLag ? "over" : ""}
              >
                <td>{r.topic}</td>
                <td class="num">{r.partition}</td>
                <td class="num">{formatInt(r.lag)}</td>
                <td class="lagbar">
                  <Bar
                    fraction={r.lag / (maxLag * 2)}
                    class={r.lag > maxLag ? "bad" : ""}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

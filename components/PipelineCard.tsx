/** Pipeline health: throughput, lag per partition, dead letters, errors, late events. */
import type { PipelinePanel } from "../services/dashboard/view/pipeline.ts";
import {
  formatInt,
  formatPercent,
  formatRate,
} from "../services/dashboard/view/format.ts";
import type { Alert } from "../services/dashboard/view/alerts.ts";
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
      {p.lag.length > 0 && <LagMatrix rows={p.lag} maxLag={maxLag} />}
    </Card>
  );
}

/** Lag as topics × partitions, so the whole pipeline fits in a few lines. */
function LagMatrix(
  { rows, maxLag }: { rows: PipelinePanel["lag"]; maxLag: number },
) {
  const partitions = [...new Set(rows.map((r) => r.partition))].sort((a, b) =>
    Number(a) - Number(b)
  );
  const topics = [...new Set(rows.map((r) => r.topic))];
  const lag = new Map(rows.map((r) => [`${r.topic}|${r.partition}`, r.lag]));
  return (
    <table class="lag" data-testid="lag">
      <thead>
        <tr>
          <th>consumer lag</th>
          {partitions.map((p) => <th key={p} class="num">partition {p}</th>)}
        </tr>
      </thead>
      <tbody>
        {topics.map((topic) => (
          <tr key={topic}>
            <td class="mono" title={topic}>{topic.split(".").at(-1)}</td>
            {partitions.map((p) => {
              const value = lag.get(`${topic}|${p}`);
              return (
                <td
                  key={p}
                  class={`num ${
                    value !== undefined && value > maxLag ? "over" : ""
                  }`}
                >
                  {value === undefined ? "–" : formatInt(value)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

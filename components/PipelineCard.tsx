/** Pipeline health: the broker's lag, members and rates beside the processor's own figures, and the alerts. */
import type { PipelinePanel } from "../lib/pipeline.ts";
import type { MonitorState } from "../lib/monitor_types.ts";
import { formatInt, formatPercent, formatRate } from "../lib/format.ts";
import { Card, Stat } from "./Card.tsx";
import { AlertList } from "./AlertList.tsx";
import { LagMatrix } from "./LagMatrix.tsx";
import { EventTimeTable } from "./EventTimeTable.tsx";
import type { EventTimePanel } from "../lib/event_time.ts";
import { VerifySummary } from "./VerifySummary.tsx";

export interface PipelineCardProps {
  p: PipelinePanel;
  eventTime: EventTimePanel;
  monitor: MonitorState | null;
  maxLag: number;
}

function note(monitor: MonitorState | null): string {
  const group = monitor?.group;
  if (monitor?.poll_error) return `broker poll failed: ${monitor.poll_error}`;
  if (!group) return "waiting for the first broker poll";
  return `${group.members.length} group member(s) · ${group.state} · polled ${
    new Date(group.polled_at).toISOString().slice(11, 19)
  } UTC`;
}

export function PipelineCard(
  { p, eventTime, monitor, maxLag }: PipelineCardProps,
) {
  const group = monitor?.group ?? null;
  const maxOf = group?.lag.reduce((m, l) => Math.max(m, l.lag), 0) ?? null;
  const errTone = p.errorRate === null
    ? undefined
    : p.errorRate > 0.01
    ? "bad"
    : "good";
  return (
    <Card title="Pipeline health" note={note(monitor)} class="wide">
      <div class="stats">
        <Stat
          label="group members (broker)"
          value={group ? String(group.members.length) : "–"}
          tone={group && group.members.length === 0 ? "bad" : undefined}
          testId="group-members"
        />
        <Stat
          label="consumed / s (broker)"
          value={formatRate(group?.consumed_per_s ?? null)}
          testId="consumed-rate"
        />
        <Stat
          label="events in / s (processor)"
          value={formatRate(p.eventsPerSecond)}
          testId="events-in"
        />
        <Stat
          label="max lag (broker)"
          value={maxOf === null ? "–" : formatInt(maxOf)}
          tone={maxOf === null ? undefined : maxOf > maxLag ? "bad" : "good"}
          testId="max-lag"
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
          label="processing ms (processor)"
          value={p.processingMs === null ? "–" : formatInt(p.processingMs)}
        />
        <Stat
          label="producer failed / min"
          value={p.producer ? formatInt(p.producer.failed) : "–"}
          tone={p.producer && p.producer.failed > 10 ? "bad" : undefined}
        />
      </div>
      <EventTimeTable p={eventTime} />
      <VerifySummary verify={monitor?.verify ?? null} />
      <AlertList
        alerts={monitor?.alerts ?? []}
        cleared={monitor?.cleared ?? []}
      />
      {group && group.lag.length > 0 && (
        <LagMatrix group={group} maxLag={maxLag} />
      )}
    </Card>
  );
}

/** The Kafka side of the playground: topics, partitions, and which processor instance owns which. */
import { useComputed, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { GroupView, KafkaOverview } from "../lib/kafka_types.ts";
import { formatInt } from "../lib/format.ts";
import { streamedMonitor } from "../lib/live.ts";
import { Card } from "../components/Card.tsx";
import { memberLabels } from "../components/LagMatrix.tsx";

export interface Props {
  initial: KafkaOverview | null;
  /** How often to refresh, in milliseconds. */
  refreshMs?: number;
}

function retention(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 0) return "forever";
  const days = ms / 86_400_000;
  return days >= 1
    ? `${+days.toFixed(1)} d`
    : `${+(ms / 3_600_000).toFixed(1)} h`;
}

/** The newer of two polls of the group (both come from the dashboard's one monitor). */
function newer(a: GroupView | null, b: GroupView | null): GroupView | null {
  if (!a) return b;
  if (!b) return a;
  return b.polled_at >= a.polled_at ? b : a;
}

export default function KafkaPanel({ initial, refreshMs = 3_000 }: Props) {
  const data = useSignal(initial);
  const error = useSignal<string | null>(null);
  // The pipeline card's stream carries each poll as it happens: show the newest one either way.
  const group = useComputed(() =>
    newer(data.value?.group ?? null, streamedMonitor.value?.group ?? null)
  );
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const res = await fetch("/api/kafka");
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const next = await res.json() as KafkaOverview;
        if (!stopped) {
          data.value = next;
          error.value = null;
        }
      } catch (e) {
        if (!stopped) error.value = e instanceof Error ? e.message : String(e);
      }
    };
    const timer = setInterval(load, refreshMs);
    if (!initial) load();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  if (!data.value) {
    return (
      <Card title="Kafka" class="wide">
        <p class="empty">
          {error.value ? `Cannot reach Kafka: ${error.value}` : "Loading…"}
        </p>
      </Card>
    );
  }
  const overview = data.value;
  const polled = group.value;
  const label = polled ? memberLabels(polled) : new Map<string, string>();
  const owners = new Map(
    (polled?.lag ?? []).map((l) => [`${l.topic}/${l.partition}`, l]),
  );
  return (
    <Card
      title="Kafka"
      note={`${overview.brokers.length} broker(s)${
        error.value ? ` · refresh failed: ${error.value}` : ""
      }`}
      class="wide kafka"
    >
      <div class="kafka-grid">
        <div>
          <h3>Topics</h3>
          <table class="topics" data-testid="topics">
            <thead>
              <tr>
                <th>topic</th>
                <th>retention</th>
                <th>
                  partitions (leader · in-sync of replicas · end offset · owner)
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.topics.map((t) => (
                <tr key={t.name}>
                  <td class="mono">{t.name}</td>
                  <td class="num">{retention(t.retention_ms)}</td>
                  <td>
                    <div class="parts">
                      {t.partitions.map((p) => {
                        const lag = owners.get(`${t.name}/${p.partition}`);
                        const owner = lag?.owner
                          ? label.get(lag.owner)
                          : undefined;
                        const under = p.isr.length < p.replicas.length;
                        return (
                          <span
                            key={p.partition}
                            class={`part ${owner ? "owned" : ""} ${
                              under ? "under" : ""
                            }`}
                            title={`leader broker ${p.leader}, replicas ${
                              p.replicas.join(",")
                            }, in sync ${
                              p.isr.join(",")
                            }, offsets ${p.low}–${p.high}${
                              lag ? `, lag ${lag.lag}` : ""
                            }`}
                          >
                            <b>{p.partition}</b> · {p.leader} ·{" "}
                            {p.isr.join(",")}/{p.replicas.join(",")} ·{" "}
                            {formatInt(p.high)}
                            {owner && <em>{owner}</em>}
                          </span>
                        );
                      })}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          {polled
            ? <GroupSection group={polled} label={label} />
            : <p class="empty">Waiting for the first poll of the group.</p>}
        </div>
      </div>
    </Card>
  );
}

function GroupSection(
  { group, label }: { group: GroupView; label: Map<string, string> },
) {
  return (
    <>
      <h3>
        Processor group <span class="mono">{group.group_id}</span>{" "}
        <span class={`pill ${group.state === "Stable" ? "good" : "warn"}`}>
          {group.state}
        </span>
      </h3>
      {group.members.length === 0
        ? <p class="empty">No processor instances are running.</p>
        : (
          <ul class="members" data-testid="members">
            {group.members.map((m) => (
              <li key={m.member_id}>
                <b>{label.get(m.member_id)}</b>{" "}
                <span class="mono">{m.client_id}</span>{" "}
                <span class="muted">{m.client_host}</span>
                <div class="assigned">
                  {m.assignment_error
                    ? <span class="warn">{m.assignment_error}</span>
                    : Object.entries(m.assignment).map(([topic, parts]) => (
                      <span key={topic} class="chip">
                        {topic.split(".").at(-1)} [{parts.join(", ")}]
                      </span>
                    ))}
                </div>
              </li>
            ))}
          </ul>
        )}
      <p class="foot">
        Total lag{" "}
        <b data-testid="kafka-total-lag">{formatInt(group.total_lag)}</b>{" "}
        records (broker). Start a second <code>deno task process</code>{" "}
        and watch the partitions move.
      </p>
    </>
  );
}

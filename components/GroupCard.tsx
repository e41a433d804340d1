/** One consumer group: members, their assignment, per-partition offsets and lag, and the lag over the last hour. */
import type { GroupInfo, TopicLagHistory } from "../lib/groups_types.ts";
import { formatInt } from "../lib/format.ts";
import { AreaChart } from "./charts.tsx";

function duration(ms: number | null): string {
  if (ms === null) return "not shrinking";
  const s = Math.round(ms / 1000);
  return s < 120
    ? `~${s} s`
    : s < 7200
    ? `~${Math.round(s / 60)} min`
    : `~${Math.round(s / 3600)} h`;
}

export function GroupCard(
  { group, history }: { group: GroupInfo; history: TopicLagHistory[] },
) {
  const lag = group.partitions.reduce((n, p) => n + (p.lag ?? 0), 0);
  return (
    <section class="card group" data-group={group.group_id}>
      <header class="card-head">
        <h2>{group.group_id}</h2>
        <p class="note">
          {group.state} · {group.protocol_type || "no protocol"}
          {group.protocol ? ` (${group.protocol})` : ""} ·{" "}
          {group.members.length} members · lag {formatInt(lag)}
        </p>
      </header>
      {group.members.length > 0
        ? (
          <table class="members">
            <thead>
              <tr>
                <th>client id</th>
                <th>host</th>
                <th>assignment</th>
              </tr>
            </thead>
            <tbody>
              {group.members.map((m) => (
                <tr key={m.member_id} title={m.member_id}>
                  <td>{m.client_id}</td>
                  <td>{m.client_host}</td>
                  <td>
                    {m.assignment_error ??
                      (Object.entries(m.assignment).map(([t, ps]) =>
                        `${t} [${ps.join(", ")}]`
                      ).join("; ") || "–")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
        : null}
      <table class="offsets">
        <thead>
          <tr>
            <th>topic</th>
            <th>partition</th>
            <th>committed</th>
            <th>end</th>
            <th>lag</th>
          </tr>
        </thead>
        <tbody>
          {group.partitions.map((p) => (
            <tr key={`${p.topic}-${p.partition}`}>
              <td>{p.topic}</td>
              <td class="num">{p.partition}</td>
              <td class="num">
                {p.committed === null ? "–" : formatInt(p.committed)}
              </td>
              <td class="num">{formatInt(p.end)}</td>
              <td class="num">{p.lag === null ? "–" : formatInt(p.lag)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.map((h) => (
        <div key={h.topic} class="lag-history">
          <h3>
            {h.topic}: lag over the last hour · clears in{" "}
            {duration(h.clear_in_ms)}
            {h.drain_per_s !== null
              ? ` (net ${h.drain_per_s.toFixed(1)}/s)`
              : ""}
          </h3>
          <AreaChart
            points={h.points.map((p) => ({ t: p.t, v: p.lag }))}
            height={80}
            label={`lag of ${group.group_id} on ${h.topic}`}
            format={formatInt}
          />
        </div>
      ))}
    </section>
  );
}

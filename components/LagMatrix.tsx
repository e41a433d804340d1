/** Lag per topic and partition from the broker, with each partition's owner and its stalled/unowned marks. */
import type { GroupView, PartitionLag } from "../lib/kafka_types.ts";
import { formatInt } from "../lib/format.ts";

/** `#1`, `#2`… by the order of the group's members, as the Kafka panel labels them. */
export function memberLabels(group: GroupView): Map<string, string> {
  return new Map(group.members.map((m, i) => [m.member_id, `#${i + 1}`]));
}

function cellState(p: PartitionLag, maxLag: number): string {
  if (p.stalled) return "stalled";
  if (p.unowned) return "unowned";
  return p.lag > maxLag ? "over" : "ok";
}

export function LagMatrix(
  { group, maxLag }: { group: GroupView; maxLag: number },
) {
  const partitions = [...new Set(group.lag.map((p) => p.partition))].sort((
    a,
    b,
  ) => a - b);
  const topics = [...new Set(group.lag.map((p) => p.topic))];
  const cells = new Map(group.lag.map((p) => [`${p.topic}|${p.partition}`, p]));
  const labels = memberLabels(group);
  return (
    <table class="lag" data-testid="lag">
      <thead>
        <tr>
          <th>consumer lag (broker)</th>
          {partitions.map((p) => <th key={p} class="num">partition {p}</th>)}
        </tr>
      </thead>
      <tbody>
        {topics.map((topic) => (
          <tr key={topic}>
            <td class="mono" title={topic}>{topic.split(".").at(-1)}</td>
            {partitions.map((n) => {
              const p = cells.get(`${topic}|${n}`);
              if (!p) return <td key={n} class="num">–</td>;
              const state = cellState(p, maxLag);
              const owner = p.owner ? labels.get(p.owner) : undefined;
              return (
                <td
                  key={n}
                  class={`num ${state}`}
                  data-testid="lag-cell"
                  data-topic={topic}
                  data-partition={n}
                  data-state={state}
                  title={`committed ${
                    p.committed ?? "none"
                  }, end offset ${p.high}, owner ${owner ?? "none"}`}
                >
                  {formatInt(p.lag)}
                  <small class="owner">
                    {owner ?? (p.unowned ? "unowned" : "–")}
                  </small>
                  {p.stalled && <small class="mark">stalled</small>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

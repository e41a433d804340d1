import type { TrendingGame } from "../lib/panels.ts";
import { formatInt } from "../lib/format.ts";
import { Sparkline } from "./charts.tsx";

/** The top games with a sparkline each; titles are rendered as text. */
export function TrendingTable(
  { games, by }: { games: TrendingGame[]; by: "views" | "purchases" },
) {
  if (games.length === 0) {
    return <p class="empty">No {by} in the last 15 minutes yet.</p>;
  }
  return (
    <table class="rank">
      <tbody>
        {games.map((g, i) => (
          <tr key={g.id}>
            <td class="num">{i + 1}</td>
            <td class="title">{g.title}</td>
            <td>
              <Sparkline
                values={g.spark}
                label={`${g.title} ${by} per minute`}
              />
            </td>
            <td class="num">
              <b>{formatInt(g[by])}</b>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

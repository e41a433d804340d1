import type { Handlers, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../services/dashboard/state.ts";
import { checkAccess } from "../services/dashboard/access.ts";
import type { DeadLettersView } from "../lib/dead_letter_types.ts";
import { PageNav } from "../components/PageNav.tsx";
import { StackedBars } from "../components/charts.tsx";
import { formatInt } from "../lib/format.ts";

/** `/dead-letters`: counts per reason over time and the newest dead letters, each linked to its source record. */
export const handler: Handlers<DeadLettersView, DashboardState> = {
  async GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    const { pages } = ctx.state;
    try {
      return ctx.render(await pages.deadLetters());
    } catch (error) {
      return ctx.render({
        topic: pages.deadLetterTopic,
        latest: [],
        reasons: [],
        scanned: 0,
        error: `Cannot read ${pages.deadLetterTopic}: ${
          (error as Error).message
        }`,
      }, { status: 503 });
    }
  },
};

const sourceHref = (topic: string, partition: number, offset: string) =>
  `/topics/${encodeURIComponent(topic)}?${new URLSearchParams({
    partition: String(partition),
    from: "offset",
    offset,
    limit: "1",
  })}`;

export default function DeadLetters(
  { data }: PageProps<DeadLettersView, DashboardState>,
) {
  return (
    <main class="browse">
      <header class="top">
        <h1>
          <span class="logo">▶</span> Dead letters{" "}
          <small>{data.topic}, read-only</small>
        </h1>
        <PageNav current="/dead-letters" />
      </header>
      {data.error ? <p class="error" role="alert">{data.error}</p> : null}
      <section class="card">
        <header class="card-head">
          <h2>Per reason and minute</h2>
          <p class="note">the newest {formatInt(data.scanned)} dead letters</p>
        </header>
        {data.reasons.length > 0
          ? (
            <StackedBars
              series={data.reasons.map((r) => ({
                key: r.reason,
                points: r.points,
              }))}
              label="dead letters per minute, stacked by reason"
              format={formatInt}
            />
          )
          : <p class="note">No dead letters.</p>}
        <ul class="reasons">
          {data.reasons.map((r) => (
            <li key={r.reason}>
              <span class={`swatch r${data.reasons.indexOf(r) % 6}`} />{" "}
              {r.reason}: {formatInt(r.total)}
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Newest</h2>
        </header>
        <table class="records">
          <thead>
            <tr>
              <th>offset</th>
              <th>time (UTC)</th>
              <th>reason</th>
              <th>detail</th>
              <th>source</th>
              <th>value</th>
            </tr>
          </thead>
          <tbody>
            {data.latest.map((l) => (
              <tr key={`${l.record.partition}-${l.record.offset}`}>
                <td class="num">{l.record.partition}@{l.record.offset}</td>
                <td class="time">
                  {new Date(l.record.timestamp).toISOString()}
                </td>
                <td>{l.reason}</td>
                <td>
                  <pre class="bytes">{l.detail}</pre>
                </td>
                <td>
                  {l.source_topic && l.source_partition !== null &&
                      l.source_offset
                    ? (
                      <a
                        href={sourceHref(
                          l.source_topic,
                          l.source_partition,
                          l.source_offset,
                        )}
                      >
                        {l.source_topic} p{l.source_partition}@{l.source_offset}
                      </a>
                    )
                    : "–"}
                </td>
                <td class="value">
                  <pre class="bytes">{l.record.value.text}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

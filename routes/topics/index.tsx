import type { Handlers, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";
import { checkAccess } from "../../services/dashboard/access.ts";
import type { TopicSummary } from "../../services/dashboard/pages_backend.ts";
import { PageNav } from "../../components/PageNav.tsx";
import { formatInt } from "../../lib/format.ts";

interface Data {
  topics: TopicSummary[];
  error: string | null;
}

/** `/topics`: every topic on the broker, each linking to its message browser. */
export const handler: Handlers<Data, DashboardState> = {
  async GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    try {
      return ctx.render({
        topics: await ctx.state.pages.listTopics(),
        error: null,
      });
    } catch (error) {
      return ctx.render({
        topics: [],
        error: `Cannot list the topics: ${(error as Error).message}`,
      }, { status: 503 });
    }
  },
};

export default function Topics({ data }: PageProps<Data, DashboardState>) {
  return (
    <main class="browse">
      <header class="top">
        <h1>
          <span class="logo">▶</span> Topics{" "}
          <small>pick one to browse its records</small>
        </h1>
        <PageNav current="/topics" />
      </header>
      {data.error ? <p class="error" role="alert">{data.error}</p> : null}
      <section class="card">
        <table class="records">
          <thead>
            <tr>
              <th>topic</th>
              <th>partitions</th>
              <th>offsets held</th>
            </tr>
          </thead>
          <tbody>
            {data.topics.map((t) => (
              <tr key={t.name}>
                <td>
                  <a href={`/topics/${encodeURIComponent(t.name)}`}>{t.name}</a>
                </td>
                <td class="num">{t.partitions}</td>
                <td class="num">{formatInt(t.offsets)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

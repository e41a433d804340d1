import type { Handlers, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../services/dashboard/state.ts";
import { checkAccess } from "../services/dashboard/access.ts";
import type { GroupsView } from "../lib/groups_types.ts";
import { GroupCard } from "../components/GroupCard.tsx";
import { PageNav } from "../components/PageNav.tsx";

/** `/groups`: every consumer group on the broker, from the dashboard's 5 s sample. */
export const handler: Handlers<GroupsView, DashboardState> = {
  GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    const view = ctx.state.pages.groups();
    if (ctx.url.searchParams.get("format") === "json") {
      return Response.json(view, { headers: { "cache-control": "no-store" } });
    }
    return ctx.render(view);
  },
};

export default function Groups(
  { data }: PageProps<GroupsView, DashboardState>,
) {
  return (
    <main class="browse">
      <header class="top">
        <h1>
          <span class="logo">▶</span> Consumer groups{" "}
          <small>
            from the broker
            {data.at
              ? `, read at ${new Date(data.at).toISOString()}`
              : ", not read yet"}
          </small>
        </h1>
        <PageNav current="/groups" />
      </header>
      {data.error ? <p class="error" role="alert">{data.error}</p> : null}
      {data.at && data.groups.length === 0
        ? <p class="note">No consumer group on the broker.</p>
        : null}
      {data.groups.map((g) => (
        <GroupCard
          key={g.group_id}
          group={g}
          history={data.history[g.group_id] ?? []}
        />
      ))}
    </main>
  );
}

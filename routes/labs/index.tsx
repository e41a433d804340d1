import type { Handlers, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";
import { checkAccess } from "../../services/dashboard/access.ts";
import { labSummary } from "../../services/labs/summary.ts";
import type { LabSummary } from "../../lib/labs_types.ts";
import type { DeliverySemantics } from "../../shared/schemas/names.ts";
import type { VerifyResult } from "../../shared/verify_result.ts";
import { latestSemantics } from "../../lib/semantics.ts";
import { PageNav } from "../../components/PageNav.tsx";
import { SemanticsBadge } from "../../components/SemanticsBadge.tsx";
import { VerifySummary } from "../../components/VerifySummary.tsx";

interface Data {
  labs: (LabSummary & {
    /** A page watches it now. */
    watching: boolean;
    /** Steps seen since its baseline; null when it was never watched. */
    seen: number | null;
  })[];
  verify: VerifyResult | null;
  semantics: DeliverySemantics | null;
}

/** `/labs`: every lab of the catalog, with the last verify run and the processor's semantics. */
export const handler: Handlers<Data, DashboardState> = {
  GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    const { labs, monitor, store } = ctx.state;
    const data: Data = {
      labs: labs.catalog.map((lab) => {
        const progress = labs.view(lab.id);
        return {
          ...labSummary(lab),
          watching: progress?.watching ?? false,
          seen: progress?.started_at ? progress.current : null,
        };
      }),
      verify: monitor().verify ?? null,
      semantics: latestSemantics(store.windows()),
    };
    if (ctx.url.searchParams.get("format") === "json") {
      return Response.json(data, { headers: { "cache-control": "no-store" } });
    }
    return ctx.render(data);
  },
};

export default function Labs({ data }: PageProps<Data, DashboardState>) {
  return (
    <main class="browse labs">
      <header class="top">
        <h1>
          <span class="logo">▶</span> Labs{" "}
          <small>do a step by hand, watch the broker show its effect</small>
        </h1>
        <PageNav current="/labs" />
      </header>
      <section class="card">
        <header class="card-head">
          <h2>Where the pipeline stands</h2>
          <SemanticsBadge semantics={data.semantics} />
        </header>
        <VerifySummary verify={data.verify} />
      </section>
      <section class="card">
        <header class="card-head">
          <h2>Every lab</h2>
          <p class="note">
            open one to see its steps checked live;{" "}
            <code>
              deno task lab &lt;id&gt;
            </code>{" "}
            runs it for you, <code>--check</code> watches in the terminal
          </p>
        </header>
        <table class="lab-list" data-testid="lab-list">
          <thead>
            <tr>
              <th>#</th>
              <th>lab</th>
              <th>goal</th>
              <th>steps</th>
              <th>guide</th>
            </tr>
          </thead>
          <tbody>
            {data.labs.map((lab) => (
              <tr key={lab.id} data-lab={lab.id}>
                <td class="num">{lab.number}</td>
                <td>
                  <a href={`/labs/${encodeURIComponent(lab.id)}`}>
                    {lab.title}
                  </a>
                  <br />
                  <code class="note">deno task lab {lab.id}</code>
                  {lab.watching
                    ? <span class="badge good">watched</span>
                    : null}
                </td>
                <td>{lab.goal}</td>
                <td class="num" data-testid="lab-seen">
                  {lab.seen === null
                    ? lab.steps
                    : `${lab.seen} of ${lab.steps} seen`}
                </td>
                <td>
                  <a href={`/labs/${encodeURIComponent(lab.id)}#guide`}>
                    docs/labs/{lab.doc}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

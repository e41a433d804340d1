import type { Handlers, PageProps } from "$fresh/server.ts";
import type { DashboardState } from "../../services/dashboard/state.ts";
import { checkAccess } from "../../services/dashboard/access.ts";
import { inContext } from "../../services/dashboard/lab_views.ts";
import {
  type Block,
  parseMarkdown,
} from "../../services/dashboard/markdown.ts";
import { guideLink, readLabGuide } from "../../services/labs/guide.ts";
import { labSummary } from "../../services/labs/summary.ts";
import type { LabProgress, LabSummary } from "../../lib/labs_types.ts";
import { PageNav } from "../../components/PageNav.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import LabWatch from "../../islands/LabWatch.tsx";

interface Data {
  lab: LabSummary;
  progress: LabProgress;
  pollMs: number;
  /** The guide's blocks; null when docs/labs/<doc> is not written yet. */
  guide: Block[] | null;
}

/** `/labs/:id`: a lab's steps, ticked live as the broker shows each effect, and its guide. */
export const handler: Handlers<Data, DashboardState> = {
  async GET(req, ctx) {
    const denied = checkAccess(req, ctx.state.pages.access);
    if (denied) return denied;
    const { labs } = ctx.state;
    const lab = labs.lab(ctx.params.id);
    const progress = labs.view(ctx.params.id);
    if (!lab || !progress) return ctx.renderNotFound();
    const text = await readLabGuide(lab.doc);
    return ctx.render({
      lab: labSummary(lab),
      progress: inContext(ctx.state, progress),
      pollMs: labs.pollMs,
      guide: text === null ? null : parseMarkdown(text),
    });
  },
};

export default function LabPage(
  { data, state }: PageProps<Data, DashboardState>,
) {
  const { lab, guide } = data;
  return (
    <main class="browse labs">
      <header class="top">
        <h1>
          <span class="logo">▶</span> Lab {lab.number}: {lab.title}{" "}
          <small>
            <code>deno task lab {lab.id}</code>
          </small>
        </h1>
        <PageNav current="/labs" />
      </header>
      <p class="goal" data-testid="lab-goal">
        <b>Goal:</b> {lab.goal}
      </p>
      <LabWatch initial={data.progress} pollMs={data.pollMs} />
      <section class="card guide" id="guide">
        <header class="card-head">
          <h2>Guide</h2>
          <span class="note">docs/labs/{lab.doc}</span>
        </header>
        {guide
          ? (
            <Markdown
              blocks={guide}
              resolve={(href) => guideLink(href, state.labs.catalog)}
            />
          )
          : (
            <p class="note">
              docs/labs/{lab.doc}{" "}
              is not written yet; the steps above are the lab.
            </p>
          )}
      </section>
    </main>
  );
}

/** The labs' guides (docs/labs/<doc>) as the dashboard's Labs page shows them. */
import type { Lab } from "./model.ts";

const GUIDES = new URL("../../docs/labs/", import.meta.url);

/** The guide's markdown, or null when it is not written yet (or its name is not a plain file name). */
export async function readLabGuide(doc: string): Promise<string | null> {
  if (!/^[\w.-]+\.md$/.test(doc) || doc.startsWith(".")) return null;
  try {
    return await Deno.readTextFile(new URL(doc, GUIDES));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Where a link of a guide may point from the dashboard: web addresses and
 * anchors as they are, another lab's guide to that lab's page; null for the
 * rest (files of the repository, which the dashboard does not serve).
 */
export function guideLink(href: string, labs: readonly Lab[]): string | null {
  if (/^https?:\/\//i.test(href) || /^#[\w-]*$/.test(href)) return href;
  const file = /^(?:\.\/)?([\w.-]+\.md)(#[\w-]*)?$/.exec(href);
  const lab = file && labs.find((l) => l.doc === file[1]);
  return lab ? `/labs/${encodeURIComponent(lab.id)}${file[2] ?? ""}` : null;
}

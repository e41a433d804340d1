/** The catalog as the Labs page lists it. */
import type { LabSummary } from "../../lib/labs_types.ts";
import type { Lab } from "./model.ts";

export function labSummary(lab: Lab): LabSummary {
  return {
    number: lab.number,
    id: lab.id,
    title: lab.title,
    goal: lab.goal,
    doc: lab.doc,
    steps: lab.steps.length,
  };
}

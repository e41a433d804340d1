/** The delivery semantics of the newest processor metric records, as a badge; warn colour unless exactly-once. */
import type { DeliverySemantics } from "../shared/schemas/names.ts";
import { SEMANTICS_MEANING } from "../lib/semantics.ts";

export function SemanticsBadge(
  { semantics }: { semantics: DeliverySemantics | null },
) {
  const tone = semantics === null
    ? ""
    : semantics === "exactly-once"
    ? "good"
    : "warn";
  const title = semantics === null
    ? "No processor metric record says which delivery semantics it ran under yet."
    : `The newest processor metric records were written under ${semantics}. ${
      SEMANTICS_MEANING[semantics]
    }`;
  return (
    <span
      class={`badge semantics ${tone}`}
      data-testid="semantics"
      title={title}
    >
      {semantics ?? "semantics: –"}
    </span>
  );
}

/** How `deno task peek` prints a record: one line of text, or one JSON object. Pure. */
import type { FetchedRecord } from "../../shared/topic_reader.ts";
import { recordView } from "../../shared/record_text.ts";

export function formatRecord(
  record: FetchedRecord,
  options: { json: boolean },
): string {
  const view = recordView(record);
  if (options.json) return JSON.stringify(view);
  const time = new Date(view.timestamp).toISOString();
  const headers = view.headers.length === 0
    ? ""
    : ` headers=${
      view.headers.map((h) => `${h.name}=${h.value.text}`).join(",")
    }`;
  const value = view.value.kind === "json"
    ? JSON.stringify(JSON.parse(view.value.text))
    : view.value.text;
  return `${view.partition}:${view.offset} ${time} key=${view.key.text}${headers} ${value}`;
}

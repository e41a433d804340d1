/** The message browser's live tail: new records over SSE, newest on top, at most 200 kept. */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { RecordView } from "../shared/record_text.ts";
import { RecordRows } from "../components/RecordRows.tsx";

export interface Props {
  /** `/api/topics/<topic>/tail?…` with the page's partition, isolation and filters. */
  streamUrl: string;
}

const KEEP = 200;

export default function LiveTail({ streamUrl }: Props) {
  const on = useSignal(false);
  const records = useSignal<RecordView[]>([]);
  const status = useSignal("off");
  useEffect(() => {
    if (!on.value) return;
    const source = new EventSource(streamUrl);
    status.value = "connecting…";
    source.addEventListener("ready", () => status.value = "following");
    source.addEventListener("records", (event) => {
      const fresh = JSON.parse((event as MessageEvent).data) as RecordView[];
      records.value = [...fresh.reverse(), ...records.value].slice(0, KEEP);
    });
    source.addEventListener("error", () => status.value = "reconnecting…");
    return () => {
      source.close();
      status.value = "off";
    };
  }, [on.value, streamUrl]);
  return (
    <section class="card tail">
      <header class="card-head">
        <h2>Live tail</h2>
        <label>
          <input
            type="checkbox"
            checked={on.value}
            onChange={(e) => on.value = (e.target as HTMLInputElement).checked}
          />{" "}
          follow new records <small class="tail-status">({status.value})</small>
        </label>
      </header>
      {records.value.length > 0 ? <RecordRows records={records.value} /> : null}
    </section>
  );
}

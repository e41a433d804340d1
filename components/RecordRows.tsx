/** A table of records: every key, header and value is a text node, never HTML. */
import type { BytesText, RecordView } from "../shared/record_text.ts";

function Bytes({ value }: { value: BytesText }) {
  return (
    <pre
      class={`bytes bytes-${value.kind}`}
      title={`${value.bytes} bytes, ${value.kind}`}
    >
      {value.text}
    </pre>
  );
}

export interface RecordRowsProps {
  records: RecordView[];
  /** A link to each record in the browser (for the dead-letter page). */
  topic?: string;
}

export function RecordRows({ records }: RecordRowsProps) {
  return (
    <table class="records">
      <thead>
        <tr>
          <th>partition</th>
          <th>offset</th>
          <th>timestamp (UTC)</th>
          <th>key</th>
          <th>headers</th>
          <th>value</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={`${r.partition}-${r.offset}`} data-offset={r.offset}>
            <td class="num">{r.partition}</td>
            <td class="num">
              {r.offset}
              {r.transactional ? <small class="tx">tx</small> : null}
            </td>
            <td class="time">{new Date(r.timestamp).toISOString()}</td>
            <td>
              <Bytes value={r.key} />
            </td>
            <td>
              {r.headers.length === 0 ? "–" : (
                <dl class="headers">
                  {r.headers.map((h, i) => (
                    <div key={i}>
                      <dt>{h.name}</dt>
                      <dd>{h.value.text}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </td>
            <td class="value">
              <Bytes value={r.value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Server-Sent Events framing: one message, one comment, as text per the HTML spec. */

export interface SseMessage {
  data: string;
  event?: string;
  id?: string;
  /** Reconnection delay the browser should use, in milliseconds. */
  retry?: number;
}

/** Formats one SSE message; multi-line data becomes several `data:` lines. */
export function formatSse({ data, event, id, retry }: SseMessage): string {
  for (const [field, value] of [["event", event], ["id", id]] as const) {
    if (value !== undefined && /[\r\n]/.test(value)) {
      throw new TypeError(`Cannot format SSE ${field}: it contains a newline`);
    }
  }
  let out = "";
  if (event !== undefined) out += `event: ${event}\n`;
  if (id !== undefined) out += `id: ${id}\n`;
  if (retry !== undefined) out += `retry: ${Math.max(0, Math.trunc(retry))}\n`;
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return out + "\n";
}

/** A comment line: ignored by browsers, keeps proxies and idle timers from closing the stream. */
export function formatSseComment(text: string): string {
  return text.split(/\r\n|\r|\n/).map((line) => `: ${line}\n`).join("") + "\n";
}

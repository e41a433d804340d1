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

/** The headers of an event stream: never cached, never buffered by a proxy. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store",
  "x-accel-buffering": "no",
};

/**
 * An event-stream response over `body`, whose chunks are frames made with
 * {@linkcode formatSse} and {@linkcode formatSseComment}. When the client
 * goes away the body is cancelled, so its source can let go of the client.
 *
 * @example
 * ```ts
 * return sseResponse(hub.connect(req.headers.get("last-event-id")));
 * ```
 */
export function sseResponse(
  body: ReadableStream<Uint8Array>,
  init: ResponseInit = {},
): Response {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(SSE_HEADERS)) {
    if (!headers.has(name)) headers.set(name, value);
  }
  return new Response(body, { ...init, headers });
}

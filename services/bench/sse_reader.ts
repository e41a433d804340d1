/** A client-side Server-Sent Events parser and a reader over a fetch response body. */

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Incremental SSE parser: feed text as it arrives, get the complete events.
 * Follows the HTML spec's field rules (comments ignored, multi-line data
 * joined with "\n", default event name "message").
 */
export class SseParser {
  #buffer = "";
  #event = "";
  #data: string[] = [];
  #id: string | undefined;

  push(text: string): SseEvent[] {
    this.#buffer += text;
    const out: SseEvent[] = [];
    let newline: number;
    while ((newline = this.#buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.#buffer.slice(0, newline);
      const skip = this.#buffer.startsWith("\r\n", newline) ? 2 : 1;
      this.#buffer = this.#buffer.slice(newline + skip);
      if (line === "") {
        if (this.#data.length > 0) {
          out.push({
            event: this.#event || "message",
            data: this.#data.join("\n"),
            id: this.#id,
          });
        }
        this.#event = "";
        this.#data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") this.#event = value;
      else if (field === "data") this.#data.push(value);
      else if (field === "id") this.#id = value;
    }
    return out;
  }
}

/**
 * Opens `url` as an event stream and calls `onEvent` with each event and the
 * time (epoch ms) its last bytes arrived, until the stream ends or `signal` aborts.
 */
export async function readEventStream(
  url: string,
  onEvent: (event: SseEvent, receivedAt: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(url, {
    headers: { accept: "text/event-stream" },
    signal,
  });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`Cannot open ${url}: HTTP ${response.status}`);
  }
  const parser = new SseParser();
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body) {
      const now = Date.now();
      for (
        const event of parser.push(decoder.decode(chunk, { stream: true }))
      ) {
        onEvent(event, now);
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

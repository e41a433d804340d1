/** Turns a stream of text chunks into whole lines, keeping a partial last line for later. */

export interface LineSplitter {
  /** The lines completed by this chunk, without their line endings. */
  push(chunk: string): string[];
  /** The unfinished last line, if any, once the stream has ended. */
  flush(): string[];
}

/** Makes a splitter for one stream; `\r\n` and `\n` both end a line. */
export function createLineSplitter(): LineSplitter {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk;
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      return parts.map((line) => line.replace(/\r$/, ""));
    },
    flush() {
      const rest = pending.replace(/\r$/, "");
      pending = "";
      return rest === "" ? [] : [rest];
    },
  };
}

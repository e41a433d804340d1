/**
 * The little markdown the lab guides use, parsed into blocks and inline
 * runs that Preact renders as text nodes: headings, paragraphs, fenced code,
 * lists, tables, quotes, `code`, **bold**, *emphasis* and links. There is no
 * HTML pass-through: markup in a guide shows as the characters it is.
 */

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: number; content: Inline[] }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "code"; lang: string; text: string }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "quote"; content: Inline[] }
  | { kind: "table"; head: Inline[][]; rows: Inline[][][] }
  | { kind: "rule" };

const FENCE = /^(```|~~~)\s*([\w+-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^\s{0,3}([-*+]|\d+[.)])\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** The blocks of a markdown text. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  const isBlank = (line: string) => line.trim() === "";
  const startsBlock = (line: string, next: string | undefined) =>
    FENCE.test(line) || HEADING.test(line) || ITEM.test(line) ||
    RULE.test(line) || line.startsWith(">") ||
    (line.includes("|") && next !== undefined && TABLE_SEPARATOR.test(next));
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith(fence[1])) {
        body.push(lines[i++]);
      }
      i++;
      blocks.push({ kind: "code", lang: fence[2], text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({
        kind: "heading",
        level: heading[1].length,
        content: parseInline(heading[2]),
      });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: "rule" });
      i++;
      continue;
    }
    if (line.includes("|") && TABLE_SEPARATOR.test(lines[i + 1] ?? "")) {
      const head = cells(line);
      const rows: Inline[][][] = [];
      i += 2;
      while (i < lines.length && lines[i].includes("|") && !isBlank(lines[i])) {
        rows.push(cells(lines[i++]));
      }
      blocks.push({ kind: "table", head, rows });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]);
      const items: string[] = [];
      while (i < lines.length && !isBlank(lines[i])) {
        const next = ITEM.exec(lines[i]);
        if (next) items.push(next[2]);
        else if (/^\s+/.test(lines[i]) && items.length > 0) {
          items[items.length - 1] += " " + lines[i].trim();
        } else break;
        i++;
      }
      blocks.push({ kind: "list", ordered, items: items.map(parseInline) });
      continue;
    }
    if (line.startsWith(">")) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].startsWith(">")) {
        quoted.push(lines[i++].replace(/^>\s?/, ""));
      }
      blocks.push({ kind: "quote", content: parseInline(quoted.join(" ")) });
      continue;
    }
    const paragraph: string[] = [line.trim()];
    i++;
    while (
      i < lines.length && !isBlank(lines[i]) &&
      !startsBlock(lines[i], lines[i + 1])
    ) {
      paragraph.push(lines[i++].trim());
    }
    blocks.push({
      kind: "paragraph",
      content: parseInline(paragraph.join(" ")),
    });
  }
  return blocks;
}

function cells(row: string): Inline[][] {
  return row.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((
    cell,
  ) => parseInline(cell.trim()));
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s][^*]*?)\*|(?<![\w])_([^_\s][^_]*?)_(?![\w])|!?\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<(https?:\/\/[^>\s]+)>/g;

/** The inline runs of one block's text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) {
      out.push({ kind: "text", text: text.slice(last, m.index) });
    }
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.push({ kind: "code", text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) {
      out.push({ kind: "strong", children: parseInline(m[2] ?? m[3]) });
    } else if (m[4] !== undefined || m[5] !== undefined) {
      out.push({ kind: "em", children: parseInline(m[4] ?? m[5]) });
    } else if (m[7] !== undefined) {
      // An image shows as its description: the guides' images are files beside them.
      out.push({ kind: "link", href: m[7], children: parseInline(m[6]) });
    } else {
      out.push({
        kind: "link",
        href: m[8],
        children: [{ kind: "text", text: m[8] }],
      });
    }
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

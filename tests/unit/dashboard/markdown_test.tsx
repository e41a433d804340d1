import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import {
  parseInline,
  parseMarkdown,
} from "../../../services/dashboard/markdown.ts";
import { Markdown } from "../../../components/Markdown.tsx";
import { guideLink } from "../../../services/labs/guide.ts";
import { LABS } from "../../../services/labs/catalog.ts";

const GUIDE = `# Lab 5: Delivery semantics

**Goal:** see the same crash
count nothing twice.

## 1. Start it

\`\`\`sh
deno task process --semantics at-least-once
echo "<b>not bold</b>"
\`\`\`

- a list item with \`code\`
  continued here
- [a web link](https://kafka.apache.org/documentation/) and [a file](../processor.md)

1. first
2. second

| Panel | Watch |
| ----- | ----- |
| / | the *badge* |

> A question to think about: <img src=x onerror=alert(1)>

---
`;

Deno.test("parseMarkdown() reads headings, paragraphs, fenced code, lists, tables, quotes and rules", () => {
  const blocks = parseMarkdown(GUIDE);
  assert.deepEqual(blocks.map((b) => b.kind), [
    "heading",
    "paragraph",
    "heading",
    "code",
    "list",
    "list",
    "table",
    "quote",
    "rule",
  ]);
  assert.deepEqual(blocks[0], {
    kind: "heading",
    level: 1,
    content: [{ kind: "text", text: "Lab 5: Delivery semantics" }],
  });
  assert.deepEqual(blocks[3], {
    kind: "code",
    lang: "sh",
    text: 'deno task process --semantics at-least-once\necho "<b>not bold</b>"',
  });
  const list = blocks[4];
  assert.ok(list.kind === "list" && !list.ordered);
  assert.deepEqual(list.items[0], [
    { kind: "text", text: "a list item with " },
    { kind: "code", text: "code" },
    { kind: "text", text: " continued here" },
  ]);
  const ordered = blocks[5];
  assert.ok(ordered.kind === "list" && ordered.ordered);
  assert.equal(ordered.items.length, 2);
  const table = blocks[6];
  assert.ok(table.kind === "table");
  assert.equal(table.rows.length, 1);
  assert.deepEqual(table.rows[0][1], [
    { kind: "text", text: "the " },
    { kind: "em", children: [{ kind: "text", text: "badge" }] },
  ]);
});

Deno.test("parseInline() reads code, bold, emphasis, links and autolinks, leaving snake_case alone", () => {
  assert.deepEqual(
    parseInline("**a** _b_ `c*d*` [e](https://x.y) <https://z.w> max_lag_ms"),
    [
      { kind: "strong", children: [{ kind: "text", text: "a" }] },
      { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "b" }] },
      { kind: "text", text: " " },
      { kind: "code", text: "c*d*" },
      { kind: "text", text: " " },
      {
        kind: "link",
        href: "https://x.y",
        children: [{ kind: "text", text: "e" }],
      },
      { kind: "text", text: " " },
      {
        kind: "link",
        href: "https://z.w",
        children: [{ kind: "text", text: "https://z.w" }],
      },
      { kind: "text", text: " max_lag_ms" },
    ],
  );
});

Deno.test("Markdown renders a guide's markup as text and links only where the dashboard can go", () => {
  const html = renderToString(
    <Markdown
      blocks={parseMarkdown(GUIDE)}
      resolve={(href) => guideLink(href, LABS)}
    />,
  );
  assert.doesNotMatch(html, /<img|<b>not/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)>/);
  assert.match(html, /echo &quot;&lt;b>not bold&lt;\/b>&quot;/);
  assert.match(html, /<h2>Lab 5: Delivery semantics<\/h2>/);
  assert.match(
    html,
    /<a href="https:\/\/kafka.apache.org\/documentation\/" rel="noreferrer">a web link<\/a>/,
  );
  assert.match(
    html,
    /<span class="ref" title="..\/processor.md">a file<\/span>/,
  );
});

Deno.test("guideLink() keeps web links and anchors, sends another lab's guide to its page, and drops the rest", () => {
  assert.equal(guideLink("https://x.y/z", LABS), "https://x.y/z");
  assert.equal(guideLink("#step-2", LABS), "#step-2");
  assert.equal(
    guideLink("05-delivery-semantics.md#why", LABS),
    "/labs/semantics#why",
  );
  assert.equal(
    guideLink("./05-delivery-semantics.md", LABS),
    "/labs/semantics",
  );
  assert.equal(guideLink("../monitoring.md", LABS), null);
  assert.equal(guideLink("javascript:alert(1)", LABS), null);
  assert.equal(guideLink("99-nothing.md", LABS), null);
});

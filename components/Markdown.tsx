/** Renders parsed markdown (services/dashboard/markdown.ts) as Preact elements: every character of the source is text. */
import type { Block, Inline } from "../services/dashboard/markdown.ts";

export interface MarkdownProps {
  blocks: Block[];
  /** The address a link may point to, or null to show its text only. */
  resolve(href: string): string | null;
}

function Runs(
  { runs, resolve }: { runs: Inline[]; resolve: MarkdownProps["resolve"] },
) {
  return (
    <>
      {runs.map((run, i) => {
        switch (run.kind) {
          case "text":
            return run.text;
          case "code":
            return <code key={i}>{run.text}</code>;
          case "strong":
            return (
              <strong key={i}>
                <Runs runs={run.children} resolve={resolve} />
              </strong>
            );
          case "em":
            return (
              <em key={i}>
                <Runs runs={run.children} resolve={resolve} />
              </em>
            );
          case "link": {
            const href = resolve(run.href);
            const children = <Runs runs={run.children} resolve={resolve} />;
            return href === null
              ? <span key={i} class="ref" title={run.href}>{children}</span>
              : <a key={i} href={href} rel="noreferrer">{children}</a>;
          }
        }
      })}
    </>
  );
}

const HEADINGS = ["h2", "h3", "h4", "h5", "h6", "h6"] as const;

export function Markdown({ blocks, resolve }: MarkdownProps) {
  return (
    <div class="markdown">
      {blocks.map((block, i) => {
        switch (block.kind) {
          case "heading": {
            // The page has its own h1: a guide's headings sit one level below.
            const Tag = HEADINGS[block.level - 1];
            return (
              <Tag key={i}>
                <Runs runs={block.content} resolve={resolve} />
              </Tag>
            );
          }
          case "paragraph":
            return (
              <p key={i}>
                <Runs runs={block.content} resolve={resolve} />
              </p>
            );
          case "code":
            return (
              <pre key={i} class="code">
                <code>{block.text}</code>
              </pre>
            );
          case "list": {
            const Tag = block.ordered ? "ol" : "ul";
            return (
              <Tag key={i}>
                {block.items.map((item, j) => (
                  <li key={j}>
                    <Runs runs={item} resolve={resolve} />
                  </li>
                ))}
              </Tag>
            );
          }
          case "quote":
            return (
              <blockquote key={i}>
                <Runs runs={block.content} resolve={resolve} />
              </blockquote>
            );
          case "table":
            return (
              <table key={i} class="md-table">
                <thead>
                  <tr>
                    {block.head.map((cell, j) => (
                      <th key={j}>
                        <Runs runs={cell} resolve={resolve} />
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {block.rows.map((row, j) => (
                    <tr key={j}>
                      {row.map((cell, k) => (
                        <td key={k}>
                          <Runs runs={cell} resolve={resolve} />
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          case "rule":
            return <hr key={i} />;
        }
      })}
    </div>
  );
}

/** The links between the dashboard's pages. */
const LINKS = [
  ["/", "Live"],
  ["/topics", "Topics"],
  ["/groups", "Groups"],
  ["/dead-letters", "Dead letters"],
  ["/labs", "Labs"],
] as const;

export function PageNav({ current }: { current: string }) {
  return (
    <nav class="pages">
      {LINKS.map(([href, label]) => (
        <a
          key={href}
          href={href}
          aria-current={href === current ? "page" : undefined}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

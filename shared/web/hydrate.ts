/** Browser side of islands: hydrates each marked element with its component and props. */
import { type ComponentType, h, hydrate } from "preact";

export function hydrateIslands(
  islands: Record<string, ComponentType<Record<string, unknown>>>,
): void {
  const script = document.getElementById("__island_props");
  const props = JSON.parse(script?.textContent || "[]") as Record<
    string,
    unknown
  >[];
  for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
    const component = islands[el.dataset.island ?? ""];
    const id = Number(el.dataset.islandId);
    if (!component) {
      console.error(
        `Cannot hydrate island ${el.dataset.island}: not in the bundle`,
      );
      continue;
    }
    hydrate(h(component, props[id] ?? {}), el);
  }
}

/**
 * Server rendering with islands: while a page renders, every component that
 * came from `islands/` is wrapped in a marker element and its props are
 * collected, so the browser bundle can hydrate exactly those parts.
 */
import { type ComponentType, h, options, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";

const islandNames = new Map<ComponentType<never>, string>();

/** Makes `component` an island named `name` (its file name in `islands/`). */
export function registerIsland(name: string, component: ComponentType<never>) {
  islandNames.set(component, name);
}

interface RenderState {
  props: unknown[];
  inside: number;
}
let current: RenderState | undefined;

function IslandMarker(
  { name, component, props }: {
    name: string;
    component: ComponentType<Record<string, unknown>>;
    props: Record<string, unknown>;
  },
): VNode {
  const state = current!;
  const id = state.props.push(props) - 1;
  state.inside++;
  try {
    const marker: Record<string, string> = {
      class: "island",
      "data-island": name,
      "data-island-id": String(id),
    };
    return h("div", marker, h(component, props));
  } finally {
    state.inside--;
  }
}

const previousVnode = options.vnode;
options.vnode = (vnode) => {
  const name = current && current.inside === 0 &&
    islandNames.get(vnode.type as ComponentType<never>);
  if (name) {
    const { children: _children, ...props } = vnode.props as Record<
      string,
      unknown
    >;
    (vnode as VNode<Record<string, unknown>>).props = {
      name,
      component: vnode.type,
      props,
      children: undefined,
    };
    vnode.type = IslandMarker as unknown as typeof vnode.type;
  }
  previousVnode?.(vnode);
};

export interface RenderedPage {
  html: string;
  /** The props of each island, by its `data-island-id`. */
  islandProps: unknown[];
}

/** Renders a page to HTML, collecting the props of the islands in it. */
// deno-lint-ignore no-explicit-any
export function renderPage(page: () => VNode<any>): RenderedPage {
  const state: RenderState = { props: [], inside: 0 };
  const previous = current;
  current = state;
  try {
    return { html: renderToString(page()), islandProps: state.props };
  } finally {
    current = previous;
  }
}

/** JSON safe inside a `<script type="application/json">` element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(
    /\u2028/g,
    "\\u2028",
  ).replace(/\u2029/g, "\\u2029");
}

/** Renders a route's page inside `_app`, with the island props and the bundle's script appended to the body. */
import { type ComponentType, h, type VNode } from "preact";
import type { BuiltBundle } from "./islands_bundle.ts";
import { renderPage, scriptSafeJson } from "./render.ts";
import type { AppProps, PageProps } from "./types.ts";

export interface PageOptions<State> {
  Page: ComponentType<PageProps<unknown, State>>;
  App?: ComponentType<AppProps<unknown, State>>;
  props: PageProps<unknown, State>;
  bundle: BuiltBundle;
  init?: ResponseInit;
}

/** The page as an HTML response: only the bundle executes; island props are inert JSON. */
export function pageResponse<State>(options: PageOptions<State>): Response {
  const { Page, App, props, bundle, init = {} } = options;
  const { html, islandProps } = renderPage(() =>
    App
      ? h(App, { ...props, Component: () => h(Page, props) as VNode })
      : h(Page, props)
  );
  const scripts = `<script type="application/json" id="__island_props">${
    scriptSafeJson(islandProps)
  }</script><script type="module" src="${bundle.path}"></script>`;
  const body = html.includes("</body>")
    ? html.replace("</body>", `${scripts}</body>`)
    : html + scripts;
  const headers = new Headers(init.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${body}`, { ...init, headers });
}

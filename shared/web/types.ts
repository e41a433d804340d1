/**
 * The types route, page and `_app` modules use, with Fresh's names and
 * generic order (`Handlers<Data, State>`, `PageProps<Data, State>`), so that
 * real Fresh could replace this runtime by a change of the `$fresh/` alias.
 */
import type { ComponentType } from "preact";

/** What a handler gets besides the request: the match, the app's state, and a way to render the page. */
export interface FreshContext<State = unknown, Data = unknown> {
  req: Request;
  url: URL;
  /** The route's parameters: `routes/games/[id].tsx` matched by `/games/7` gives `{ id: "7" }`. */
  params: Record<string, string>;
  /** The app's state, as given to `createApp()`. */
  state: State;
  /** Renders the route's page component with `data` as its props' `data`. */
  render(data?: Data, init?: ResponseInit): Promise<Response>;
  /** A plain 404, as for a URL no route serves. */
  renderNotFound(): Response;
}

export type Handler<Data = unknown, State = unknown> = (
  req: Request,
  ctx: FreshContext<State, Data>,
) => Response | Promise<Response>;

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A route's `handler` object: one function per method it answers. */
export type Handlers<Data = unknown, State = unknown> = {
  [M in Method]?: Handler<Data, State>;
};

/** The props of a page component (a route module's default export). */
export interface PageProps<Data = unknown, State = unknown> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: State;
}

/** `routes/_app.tsx`: the document around every page, which renders `<Component />` in its body. */
export interface AppProps<Data = unknown, State = unknown>
  extends PageProps<Data, State> {
  Component: ComponentType;
}

/** What the runtime reads from a module in `routes/`. */
export interface RouteModule<State = unknown> {
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<PageProps<any, State>>;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, State> | Handlers<any, State>;
}

/** The types route and island modules use, named as in Fresh so Fresh could replace the runtime. */
import type { ComponentType, VNode } from "preact";

export interface RouteContext<State> {
  url: URL;
  params: Record<string, string>;
  state: State;
  /** Renders the page component of this route with `data` as its props' `data`. */
  render(data?: unknown, init?: ResponseInit): Promise<Response>;
}

export type Handler<State = unknown> = (
  req: Request,
  ctx: RouteContext<State>,
) => Response | Promise<Response>;

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Handlers<State = unknown> = Partial<Record<Method, Handler<State>>>;

export interface PageProps<Data = unknown, State = unknown> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: State;
}

export interface RouteModule<State = unknown> {
  default?: ComponentType<PageProps<unknown, State>>;
  handler?: Handler<State> | Handlers<State>;
}

/** `routes/_app.tsx`: the document around every page. */
export interface AppProps {
  Component: () => VNode;
  url: URL;
}

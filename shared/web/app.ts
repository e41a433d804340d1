/**
 * The small Fresh-style runtime: routes from `routes/`, static files from
 * `static/`, islands bundled for the browser, pages rendered on the server.
 */
import { extname, join, normalize } from "node:path";
import { h, type VNode } from "preact";
import type { Logger } from "../../shared/log.ts";
import type { BuiltBundle } from "./islands_bundle.ts";
import { islandName } from "./islands_bundle.ts";
import { registerIsland, renderPage, scriptSafeJson } from "./render.ts";
import { importFile, listModules, routeTable } from "./routes.ts";
import type {
  AppProps,
  Handler,
  Method,
  RouteContext,
  RouteModule,
} from "./runtime_types.ts";
import { withSecurityHeaders } from "./security.ts";
import type { ComponentType } from "preact";

export interface AppOptions<State> {
  /** The project root holding `routes/`, `islands/` and `static/`. */
  root: string;
  state: State;
  /** The current islands bundle (rebuilt on change in dev). */
  bundle: () => Promise<BuiltBundle>;
  logger: Logger;
}

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

interface LoadedRoute<State> {
  pattern: URLPattern;
  module: RouteModule<State>;
}

/** Loads routes and islands and returns the request handler. */
export async function createApp<State>(
  options: AppOptions<State>,
): Promise<(req: Request) => Promise<Response>> {
  const { root, state, bundle, logger } = options;
  const islandsDir = join(root, "islands");
  for (const file of await listModules(islandsDir)) {
    const module = await importFile<{ default: ComponentType<never> }>(
      join(islandsDir, file),
    );
    registerIsland(islandName(file), module.default);
  }
  const routesDir = join(root, "routes");
  const files = await listModules(routesDir);
  const routes: LoadedRoute<State>[] = [];
  for (const entry of routeTable(files)) {
    routes.push({
      pattern: new URLPattern({ pathname: entry.pattern }),
      module: await importFile(join(routesDir, entry.file)),
    });
  }
  const appFile = files.find((f) => /^_app\.(tsx|jsx)$/.test(f));
  const AppShell = appFile
    ? (await importFile<{ default: ComponentType<AppProps> }>(
      join(routesDir, appFile),
    )).default
    : undefined;
  const staticDir = join(root, "static");

  async function page(
    module: RouteModule<State>,
    ctx: Omit<RouteContext<State>, "render">,
    data: unknown,
    init: ResponseInit = {},
  ): Promise<Response> {
    const Page = module.default!;
    const props = { data, url: ctx.url, params: ctx.params, state: ctx.state };
    const { html, islandProps } = renderPage(() =>
      AppShell
        ? h(AppShell, {
          Component: () => h(Page, props) as VNode,
          url: ctx.url,
        })
        : h(Page, props)
    );
    const built = await bundle();
    const scripts = `<script type="application/json" id="__island_props">${
      scriptSafeJson(islandProps)
    }</script><script type="module" src="${built.path}"></script>`;
    const body = html.includes("</body>")
      ? html.replace("</body>", `${scripts}</body>`)
      : html + scripts;
    const headers = new Headers(init.headers);
    headers.set("content-type", "text/html; charset=utf-8");
    return new Response(`<!DOCTYPE html>${body}`, { ...init, headers });
  }

  async function serveFile(path: string, cache: string): Promise<Response> {
    try {
      const file = await Deno.open(path, { read: true });
      return new Response(file.readable, {
        headers: {
          "content-type": TYPES[extname(path)] ?? "application/octet-stream",
          "cache-control": cache,
        },
      });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return notFound();
      throw error;
    }
  }

  async function route(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/_islands/")) {
      const built = await bundle();
      return url.pathname === built.path
        ? serveFile(built.file, "public, max-age=31536000, immutable")
        : notFound();
    }
    for (const { pattern, module } of routes) {
      const match = pattern.exec(url);
      if (!match) continue;
      const params = Object.fromEntries(
        Object.entries(match.pathname.groups).map(([k, v]) => [k, v ?? ""]),
      );
      const base = { url, params, state };
      const ctx: RouteContext<State> = {
        ...base,
        render: (data, init) => page(module, base, data, init),
      };
      const handler = pickHandler(module, req.method);
      if (!handler) {
        return new Response("Method not allowed", {
          status: 405,
          headers: { allow: allowed(module).join(", ") },
        });
      }
      return await handler(req, ctx);
    }
    if (req.method === "GET" || req.method === "HEAD") {
      const path = normalize(join(staticDir, decodeURIComponent(url.pathname)));
      if (path.startsWith(staticDir + "/")) {
        return serveFile(path, "public, max-age=60");
      }
    }
    return notFound();
  }

  return async function handle(req: Request): Promise<Response> {
    let response: Response;
    try {
      response = await route(req);
    } catch (error) {
      logger.error("request failed", { url: req.url, error });
      response = new Response("Internal error", { status: 500 });
    }
    return withSecurityHeaders(response);
  };
}

function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

function pickHandler<State>(
  module: RouteModule<State>,
  method: string,
): Handler<State> | undefined {
  const { handler } = module;
  const wanted = (method === "HEAD" ? "GET" : method) as Method;
  if (typeof handler === "function") return handler;
  if (handler?.[wanted]) return handler[wanted];
  if (wanted === "GET" && module.default && !handler) {
    return (_req, ctx) => ctx.render(undefined);
  }
  return undefined;
}

function allowed<State>(module: RouteModule<State>): string[] {
  const { handler } = module;
  if (typeof handler === "function") return ["GET", "POST"];
  const methods = Object.keys(handler ?? {});
  return module.default && !handler ? ["GET"] : methods;
}

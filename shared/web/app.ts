/**
 * The request handler of a Fresh-style app: routes from its `routes/`,
 * pages rendered on the server with their islands marked for hydration, the
 * island bundle, files from `static/`, and security headers on everything.
 */
import { join } from "node:path";
import type { ComponentType } from "preact";
import type { BuiltBundle } from "./islands_bundle.ts";
import { islandName } from "./islands_bundle.ts";
import { pageResponse } from "./page.ts";
import { registerIsland } from "./render.ts";
import { importFile, listModules, routeTable } from "./routes.ts";
import { withSecurityHeaders } from "./security.ts";
import { notFound, serveFile, staticPath } from "./static_files.ts";
import type {
  AppProps,
  FreshContext,
  Handler,
  Method,
  RouteModule,
} from "./types.ts";

export interface AppOptions<State> {
  /** The app's root; the folders below default to its `routes/`, `islands/` and `static/`. */
  root: string;
  /** @default `${root}/routes` */
  routesDir?: string;
  /** @default `${root}/islands` */
  islandsDir?: string;
  /** @default `${root}/static` */
  staticDir?: string;
  /** Handed to every handler as `ctx.state` and to every page as `props.state`. */
  state: State;
  /** The current island bundle (a new one after a rebuild). */
  bundle: () => Promise<BuiltBundle>;
  /** Told of an error a handler threw; the client gets a plain 500. @default console.error */
  logger?: {
    error(message: string, fields?: Record<string, unknown>): void;
  };
}

interface LoadedRoute<State> {
  pattern: URLPattern;
  module: RouteModule<State>;
}

/**
 * Loads the app's routes and islands and returns its request handler.
 *
 * @example
 * ```ts
 * const handler = await createApp({ root, state, bundle: () => built });
 * Deno.serve(handler);
 * ```
 */
export async function createApp<State>(
  options: AppOptions<State>,
): Promise<(req: Request) => Promise<Response>> {
  const {
    root,
    routesDir = join(root, "routes"),
    islandsDir = join(root, "islands"),
    staticDir = join(root, "static"),
    state,
    bundle,
    logger = { error: (message, fields) => console.error(message, fields) },
  } = options;
  for (const file of await listModules(islandsDir)) {
    const module = await importFile<{ default: ComponentType<never> }>(
      join(islandsDir, file),
    );
    registerIsland(islandName(file), module.default);
  }
  const files = await listModules(routesDir);
  const routes: LoadedRoute<State>[] = [];
  for (const entry of routeTable(files)) {
    routes.push({
      pattern: new URLPattern({ pathname: entry.pattern }),
      module: await importFile(join(routesDir, entry.file)),
    });
  }
  const appFile = files.find((f) => /^_app\.(tsx|jsx)$/.test(f));
  const App = appFile
    ? (await importFile<{ default: ComponentType<AppProps<unknown, State>> }>(
      join(routesDir, appFile),
    )).default
    : undefined;

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
      const ctx: FreshContext<State, unknown> = {
        req,
        url,
        params,
        state,
        renderNotFound: notFound,
        render: async (data, init) => {
          if (!module.default) {
            throw new TypeError(
              `Cannot render ${url.pathname}: its route has no page component`,
            );
          }
          return pageResponse({
            Page: module.default,
            App,
            props: { data, url, params, state },
            bundle: await bundle(),
            init,
          });
        },
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
      const path = staticPath(staticDir, url.pathname);
      if (path) return serveFile(path, "public, max-age=60");
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

function pickHandler<State>(
  module: RouteModule<State>,
  method: string,
): Handler<unknown, State> | undefined {
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

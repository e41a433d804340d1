/**
 * The runtime's server-side entry, reached as `$fresh/server.ts` (as Fresh's
 * own is): the types of routes and pages, and what an app's `main` wires.
 */
export type {
  AppProps,
  FreshContext,
  Handler,
  Handlers,
  Method,
  PageProps,
  RouteModule,
} from "./types.ts";
export { type AppOptions, createApp } from "./app.ts";
export {
  buildIslandBundle,
  type BuiltBundle,
  type IslandBundleOptions,
} from "./islands_bundle.ts";
export {
  createIslandBundler,
  type IslandBundler,
  type IslandBundlerOptions,
} from "./island_bundler.ts";
export {
  formatSse,
  formatSseComment,
  type SseMessage,
  sseResponse,
} from "./sse.ts";
export { CONTENT_SECURITY_POLICY, withSecurityHeaders } from "./security.ts";

/** File-system routing in Fresh's conventions: `routes/a/[id].tsx` serves `/a/:id`. */
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

export interface RouteEntry {
  /** Path of the module relative to the routes folder, with `/` separators. */
  file: string;
  /** A URLPattern pathname, e.g. `/api/metrics` or `/games/:id`. */
  pattern: string;
}

const MODULE = /\.(tsx|ts|jsx|js)$/;

/**
 * The URL pattern a route file serves, or undefined for files that are not
 * routes (not a module, or a special `_` file such as `_app.tsx`).
 */
export function routePattern(file: string): string | undefined {
  if (!MODULE.test(file)) return undefined;
  const segments = file.replace(MODULE, "").split("/");
  if (segments.some((s) => s.startsWith("_"))) return undefined;
  if (segments.at(-1) === "index") segments.pop();
  const parts = segments.map((segment) => {
    const rest = segment.match(/^\[\.\.\.(\w+)\]$/);
    if (rest) return `:${rest[1]}*`;
    const param = segment.match(/^\[(\w+)\]$/);
    return param ? `:${param[1]}` : segment;
  });
  return "/" + parts.join("/");
}

/** Orders routes so that static segments win over parameters, and parameters over catch-alls. */
export function routeTable(files: readonly string[]): RouteEntry[] {
  const rank = (pattern: string) =>
    pattern.split("/").map((s) =>
      s.endsWith("*") ? 2 : s.startsWith(":") ? 1 : 0
    );
  const compare = (a: RouteEntry, b: RouteEntry) => {
    const ra = rank(a.pattern);
    const rb = rank(b.pattern);
    for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
      if (ra[i] !== rb[i]) return ra[i] - rb[i];
    }
    return rb.length - ra.length || a.pattern.localeCompare(b.pattern);
  };
  return files.flatMap((file) => {
    const pattern = routePattern(file);
    return pattern === undefined ? [] : [{ file, pattern }];
  }).sort(compare);
}

/** Every module file under `dir`, relative and with `/` separators. */
export async function listModules(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string) => {
    for await (const entry of Deno.readDir(at)) {
      const path = join(at, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && MODULE.test(entry.name)) {
        out.push(relative(dir, path).split(sep).join("/"));
      }
    }
  };
  await walk(dir);
  return out.sort();
}

/** Imports a module by absolute path. */
export function importFile<T>(path: string): Promise<T> {
  return import(pathToFileURL(path).href);
}

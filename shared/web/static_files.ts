/** Files from disk as responses: the `static/` folder and the island bundle. */
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
};

export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/** The file at `path` with its content type, or 404 when there is none. */
export async function serveFile(
  path: string,
  cacheControl: string,
): Promise<Response> {
  try {
    const file = await Deno.open(path, { read: true });
    return new Response(file.readable, {
      headers: {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "cache-control": cacheControl,
      },
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return notFound();
    throw error;
  }
}

/**
 * The path under `dir` a URL pathname names, or undefined when it would leave
 * `dir` (`/../deno.json`, `/%2e%2e/deno.json`).
 */
export function staticPath(dir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = normalize(join(dir, decoded));
  return path.startsWith(dir + "/") ? path : undefined;
}

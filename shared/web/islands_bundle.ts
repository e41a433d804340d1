/**
 * The browser bundle of every island, built with `deno bundle` into `.bundle/`
 * and named by a hash of its sources, so a rebuild happens only on change.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { listModules } from "./routes.ts";

/** The browser half of the runtime, imported by every bundle's entry. */
const HYDRATE_MODULE = fileURLToPath(new URL("./hydrate.ts", import.meta.url));

export interface IslandBundleOptions {
  /** The app's root: `deno bundle` runs there. */
  root: string;
  /** @default `${root}/islands` */
  islandsDir?: string;
  /** @default `${root}/.bundle` */
  outDir?: string;
  /** The import map and compiler options of the bundle. @default `${root}/deno.json` */
  configFile?: string;
  /**
   * Folders the islands import from (components, browser helpers): their
   * contents go into the cache key along with the islands'.
   * @default []
   */
  sourceDirs?: string[];
  /** @default true */
  minify?: boolean;
}

export interface BuiltBundle {
  /** URL path the page loads, e.g. `/_islands/3f2a….js`. */
  path: string;
  file: string;
  islands: string[];
}

/** The island name of a file in `islands/`: its path without extension. */
export function islandName(file: string): string {
  return file.replace(/\.(tsx|ts|jsx|js)$/, "").replaceAll("/", "_");
}

/** The generated entry module: imports every island and hydrates the page. */
export function entrySource(
  hydrateModule: string,
  islands: { name: string; specifier: string }[],
): string {
  const lines = [
    `import { hydrateIslands } from ${JSON.stringify(hydrateModule)};`,
  ];
  islands.forEach(({ specifier }, i) =>
    lines.push(`import island${i} from ${JSON.stringify(specifier)};`)
  );
  const entries = islands.map(({ name }, i) =>
    `${JSON.stringify(name)}: island${i}`
  );
  lines.push(`hydrateIslands({ ${entries.join(", ")} });`);
  return lines.join("\n") + "\n";
}

async function hashSources(paths: string[]): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const path of paths.sort()) {
    parts.push(new TextEncoder().encode(path));
    parts.push(await Deno.readFile(path));
  }
  const total = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    total.set(part, at);
    at += part.byteLength;
  }
  const digest = await crypto.subtle.digest("SHA-256", total);
  return [...new Uint8Array(digest).slice(0, 8)].map((b) =>
    b.toString(16).padStart(2, "0")
  ).join("");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Builds the bundle unless one for the same sources is already in `.bundle/`. */
export async function buildIslandBundle(
  options: IslandBundleOptions,
): Promise<BuiltBundle> {
  const {
    root,
    islandsDir = join(root, "islands"),
    outDir = join(root, ".bundle"),
    configFile = join(root, "deno.json"),
    sourceDirs = [],
    minify = true,
  } = options;
  const files = await listModules(islandsDir);
  const sources: string[] = [configFile, HYDRATE_MODULE];
  for (const dir of [islandsDir, ...sourceDirs]) {
    if (await exists(dir)) {
      sources.push(...(await listModules(dir)).map((f) => join(dir, f)));
    }
  }
  const hash = await hashSources(sources);
  const file = join(outDir, `islands-${hash}.js`);
  const islands = files.map(islandName);
  const built = { path: `/_islands/${hash}.js`, file, islands };
  if (await exists(file)) return built;

  await Deno.mkdir(outDir, { recursive: true });
  // Names unique to this build: parallel test processes may build the same hash.
  const unique = crypto.randomUUID().slice(0, 8);
  const entry = join(outDir, `entry-${hash}-${unique}.ts`);
  const partial = `${file}.${unique}.tmp`;
  const spec = (path: string) => "./" + relative(outDir, path);
  await Deno.writeTextFile(
    entry,
    entrySource(
      spec(HYDRATE_MODULE),
      files.map((f) => ({
        name: islandName(f),
        specifier: spec(join(islandsDir, f)),
      })),
    ),
  );
  const args = [
    "bundle",
    "--quiet",
    "--config",
    configFile,
    "--platform",
    "browser",
    ...(minify ? ["--minify"] : []),
    "--output",
    partial,
    entry,
  ];
  const { success, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  await Deno.remove(entry).catch(() => {});
  if (!success) {
    throw new Error(
      `Cannot bundle islands: deno bundle failed: ${
        new TextDecoder().decode(stderr).trim()
      }`,
    );
  }
  // Renamed into place so a concurrent reader never sees half a file.
  await Deno.rename(partial, file);
  return built;
}

/** Keeps an app's island bundle current: built once at start, and in dev rebuilt when a source folder changes. */
import {
  buildIslandBundle,
  type BuiltBundle,
  type IslandBundleOptions,
} from "./islands_bundle.ts";

export interface IslandBundlerOptions extends IslandBundleOptions {
  /** Rebuild when the islands or a source folder change. @default false */
  watch?: boolean;
  /** Quiet time after the last change before a rebuild. @default 150 */
  debounceMs?: number;
  /** Told of each rebuild that succeeded. */
  onRebuilt?: (bundle: BuiltBundle) => void;
  /** Told of each build that failed; the previous bundle stays served. */
  onError?: (error: unknown) => void;
}

export interface IslandBundler {
  /** The newest bundle that built (or the first build, while it runs). */
  current(): Promise<BuiltBundle>;
  /** Stops watching; safe to call twice. */
  close(): void;
}

export function createIslandBundler(
  options: IslandBundlerOptions,
): IslandBundler {
  const {
    watch = false,
    debounceMs = 150,
    onRebuilt = () => {},
    onError = () => {},
    ...build
  } = options;
  let bundle = buildIslandBundle(build);
  bundle.catch(onError);
  const rebuild = () => {
    const next = buildIslandBundle(build);
    next.then((built) => {
      bundle = next;
      onRebuilt(built);
    }, onError);
  };
  const watcher = watch
    ? watchFolders(
      [build.islandsDir ?? `${build.root}/islands`, ...build.sourceDirs ?? []],
      rebuild,
      debounceMs,
    )
    : undefined;
  let closed = false;
  return {
    current: () => bundle,
    close() {
      if (closed) return;
      closed = true;
      watcher?.close();
    },
  };
}

function watchFolders(
  dirs: string[],
  onChange: () => void,
  debounceMs: number,
): Deno.FsWatcher {
  const watcher = Deno.watchFs(dirs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  (async function debounceChanges() {
    for await (const _event of watcher) {
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    }
    clearTimeout(timer);
  })().catch(() => {});
  return watcher;
}

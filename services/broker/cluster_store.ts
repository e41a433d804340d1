/** What a local cluster keeps on disk besides its nodes: its id, its shape and the launch lock. */
import type { ClusterLayout, ClusterLayoutOptions } from "./cluster_files.ts";
import { waitFor } from "./process.ts";

/** The id every node is formatted with, made on first use. */
export async function clusterId(layout: ClusterLayout): Promise<string> {
  // Nodes start in parallel: the file is written whole (a rename), and a
  // reader never takes a missing or empty file for an id.
  for (let attempt = 0; attempt < 50; attempt++) {
    const saved = await Deno.readTextFile(layout.clusterIdFile).then(
      (text) => text.trim(),
      () => null,
    );
    if (saved) return saved;
    if (saved === null && attempt === 0) {
      const id = btoa(String.fromCharCode(
        ...crypto.getRandomValues(new Uint8Array(16)),
      )).replaceAll("+", "-").replaceAll("/", "_").slice(0, 22)
        // kafka-storage would read an id starting with "-" as an option.
        .replace(/^[-_]/, "A");
      const temp = `${layout.clusterIdFile}.${crypto.randomUUID()}`;
      await Deno.writeTextFile(temp, `${id}\n`);
      // link() fails if a concurrent first writer won: every node then reads its id.
      await Deno.link(temp, layout.clusterIdFile).catch(() => {});
      await Deno.remove(temp).catch(() => {});
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Cannot read the cluster id from ${layout.clusterIdFile}`);
}

/** Runs `work` holding the cluster's launch lock: one launcher at a time. */
export async function withLock<T>(
  layout: ClusterLayout,
  work: () => Promise<T>,
) {
  await Deno.mkdir(layout.root, { recursive: true });
  const acquired = await waitFor(
    () => {
      try {
        Deno.openSync(layout.lockFile, { createNew: true, write: true })
          .close();
        return true;
      } catch {
        // A launcher killed while holding the lock leaves it behind; no start
        // takes this long, so an older lock is taken over.
        try {
          const age = Date.now() -
            (Deno.statSync(layout.lockFile).mtime?.getTime() ?? 0);
          if (age > 170_000) Deno.removeSync(layout.lockFile);
        } catch { /* removed by its owner meanwhile */ }
        return false;
      }
    },
    180_000,
    200,
  );
  if (!acquired) {
    throw new Error(`Cannot start cluster: lock ${layout.lockFile} is held`);
  }
  try {
    return await work();
  } finally {
    await Deno.remove(layout.lockFile).catch(() => {});
  }
}

/** The layout `ensureCluster` last started from this project root, if any. */
export async function savedLayout(
  projectRoot: string,
): Promise<ClusterLayoutOptions | undefined> {
  try {
    const saved = JSON.parse(
      await Deno.readTextFile(`${projectRoot}/.kafka/cluster/layout.json`),
    ) as Omit<ClusterLayoutOptions, "projectRoot">;
    return { ...saved, projectRoot };
  } catch {
    return undefined;
  }
}

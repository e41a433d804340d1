/**
 * The Kafka Streams peer's jar, built once with Maven into
 * `.kafka/peer/<hash>/` (the hash of its pom and sources, so any change
 * rebuilds) and used from there without Maven or the network.
 */
import { commandExists, run } from "../../broker/process.ts";

/** Where the peer's Maven project lives, relative to the project root. */
export const PEER_SOURCE_DIR = "services/bench/peer";
export const PEER_MAIN_CLASS = "playground.peer.PeerMain";
const MARKER = ".built";

export interface PeerBuild {
  /** The build folder: `streams-peer.jar` and `lib/`. */
  dir: string;
  /** The JVM class path of the peer. */
  classpath: string;
}

async function* walk(dir: string, rel = ""): AsyncGenerator<string> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(`${dir}/${rel}`)) entries.push(entry);
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory) yield* walk(dir, path);
    else if (entry.isFile) yield path;
  }
}

/** SHA-256 (hex) over `pom.xml` and every file under `src/`, names included. */
export async function peerSourcesHash(sourceDir: string): Promise<string> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const files = ["pom.xml"];
  for await (const path of walk(sourceDir, "src")) files.push(path);
  for (const path of files) {
    parts.push(encoder.encode(`${path}\0`));
    parts.push(await Deno.readFile(`${sourceDir}/${path}`));
    parts.push(encoder.encode("\0"));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function buildOf(dir: string): PeerBuild {
  return { dir, classpath: `${dir}/streams-peer.jar:${dir}/lib/*` };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

export interface EnsurePeerOptions {
  /** The project root, holding `.kafka/` and the peer's sources. */
  root: string;
  /** Progress lines go here. */
  say: (line: string) => void;
}

/**
 * The peer's build for the current sources, building it first when missing.
 * Safe to call from several processes at once: each builds into a folder of
 * its own and renames it into place; the first rename wins.
 */
export async function ensurePeerBuilt(
  options: EnsurePeerOptions,
): Promise<PeerBuild & { built: boolean }> {
  const { root, say } = options;
  const sources = `${root}/${PEER_SOURCE_DIR}`;
  const hash = (await peerSourcesHash(sources)).slice(0, 16);
  const cache = `${root}/.kafka/peer`;
  const dir = `${cache}/${hash}`;
  if (await exists(`${dir}/${MARKER}`)) {
    return { ...buildOf(dir), built: false };
  }
  if (!(await commandExists("mvn")) || !(await commandExists("javac"))) {
    throw new Error(
      "Cannot build the Kafka Streams peer: it needs Maven and a JDK 17 (Debian: apt-get install maven openjdk-17-jdk-headless)",
    );
  }
  say(
    `Building the Kafka Streams peer (${PEER_SOURCE_DIR}) with Maven into ${dir}; a first build downloads kafka-streams and its dependencies from Maven Central`,
  );
  await Deno.mkdir(cache, { recursive: true });
  const scratch = `${cache}/tmp-${crypto.randomUUID()}`;
  try {
    const result = await run("mvn", [
      "-q",
      "-B",
      "-f",
      `${sources}/pom.xml`,
      `-Dpeer.build.dir=${scratch}`,
      "package",
    ]);
    if (!result.ok) {
      throw new Error(
        `Cannot build the Kafka Streams peer: mvn failed:\n${
          result.output.slice(-3000)
        }`,
      );
    }
    await Deno.writeTextFile(`${scratch}/${MARKER}`, new Date().toISOString());
    try {
      await Deno.rename(scratch, dir);
    } catch (error) {
      // Another process finished the same build first; use that one.
      if (!(await exists(`${dir}/${MARKER}`))) throw error;
    }
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
  await removeOtherBuilds(cache, hash);
  say(`Built the Kafka Streams peer in ${dir}`);
  return { ...buildOf(dir), built: true };
}

/** Builds of older sources take ~100 MB each; only the current one is kept. */
async function removeOtherBuilds(cache: string, keep: string) {
  for await (const entry of Deno.readDir(cache)) {
    if (!entry.isDirectory || entry.name === keep) continue;
    if (entry.name.startsWith("tmp-")) continue;
    await Deno.remove(`${cache}/${entry.name}`, { recursive: true }).catch(
      () => {},
    );
  }
}

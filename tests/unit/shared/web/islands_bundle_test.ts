import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { buildIslandBundle } from "$fresh/server.ts";

const FIXTURE = fileURLToPath(new URL("./fixture/", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../../../deno.json", import.meta.url));

Deno.test({
  name:
    "buildIslandBundle() bundles any app's islands with the runtime's hydration, keyed by their sources",
  sanitizeResources: false,
  async fn() {
    const outDir = await Deno.makeTempDir();
    const sourceDir = await Deno.makeTempDir();
    try {
      const options = { root: FIXTURE, outDir, configFile: CONFIG };
      const built = await buildIslandBundle(options);
      assert.deepEqual(built.islands, ["Counter"]);
      assert.match(built.path, /^\/_islands\/[0-9a-f]{16}\.js$/);
      const code = await Deno.readTextFile(built.file);
      assert.match(code, /__island_props/, "the runtime's hydrate is inside");
      assert.match(code, /\bCounter\b/, "the island is inside, by its name");
      assert.equal((await buildIslandBundle(options)).path, built.path);
      await Deno.writeTextFile(`${sourceDir}/helper.ts`, "export const a = 1;");
      const withSources = { ...options, sourceDirs: [sourceDir] };
      const keyed = (await buildIslandBundle(withSources)).path;
      assert.notEqual(keyed, built.path, "a source folder is in the key");
      await Deno.writeTextFile(`${sourceDir}/helper.ts`, "export const a = 2;");
      assert.notEqual(
        (await buildIslandBundle(withSources)).path,
        keyed,
        "a changed source makes a new bundle",
      );
    } finally {
      await Deno.remove(outDir, { recursive: true });
      await Deno.remove(sourceDir, { recursive: true });
    }
  },
});

import assert from "node:assert/strict";
import {
  buildIslandBundle,
  entrySource,
  islandName,
} from "../../../shared/web/islands_bundle.ts";
import { ISLAND_SOURCES, ROOT } from "../../../services/dashboard/server.ts";

Deno.test("islandName() is the file's path without extension", () => {
  assert.equal(islandName("Dashboard.tsx"), "Dashboard");
  assert.equal(islandName("kafka/Panel.tsx"), "kafka_Panel");
});

Deno.test("entrySource() imports every island and hydrates them by name", () => {
  const source = entrySource("./hydrate.ts", [
    { name: "A", specifier: "../islands/A.tsx" },
    { name: "B", specifier: "../islands/B.tsx" },
  ]);
  assert.equal(
    source,
    [
      'import { hydrateIslands } from "./hydrate.ts";',
      'import island0 from "../islands/A.tsx";',
      'import island1 from "../islands/B.tsx";',
      'hydrateIslands({ "A": island0, "B": island1 });',
      "",
    ].join("\n"),
  );
});

Deno.test({
  name:
    "buildIslandBundle() bundles the project's islands once per source version",
  sanitizeResources: false,
  async fn() {
    const outDir = await Deno.makeTempDir();
    try {
      const [a, b] = await Promise.all([
        buildIslandBundle({ root: ROOT, outDir }),
        buildIslandBundle({ root: ROOT, outDir }),
      ]);
      assert.equal(a.path, b.path);
      assert.deepEqual(a.islands.sort(), [
        "Dashboard",
        "KafkaPanel",
        "LabWatch",
        "LiveTail",
      ]);
      const code = await Deno.readTextFile(a.file);
      assert.ok(code.length > 10_000, "preact and the islands are inside");
      assert.doesNotMatch(code, /from\s*["']npm:/, "no npm: imports left");
      const files = [...Deno.readDirSync(outDir)].map((e) => e.name);
      assert.deepEqual(files, [a.file.split("/").at(-1)]);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the dashboard's island bundle stays small: no schema library in the browser",
  sanitizeResources: false,
  async fn() {
    const outDir = await Deno.makeTempDir();
    try {
      const built = await buildIslandBundle({
        root: ROOT,
        outDir,
        sourceDirs: ISLAND_SOURCES,
      });
      const code = await Deno.readTextFile(built.file);
      assert.doesNotMatch(code, /ZodError|_zod/, "zod is not bundled");
      assert.ok(code.length < 150_000, `${code.length} bytes`);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});

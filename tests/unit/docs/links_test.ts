/**
 * Every relative link and image in the README and docs/ points at a file that
 * exists (and every lab in the catalog has its guide), so the guides cannot
 * rot as files move.
 */
import assert from "node:assert/strict";
import { LABS } from "../../../services/labs/catalog.ts";

const ROOT = new URL("../../../", import.meta.url);

async function markdownFiles(): Promise<string[]> {
  const files = ["README.md"];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  await walk("docs");
  return files;
}

async function exists(url: URL): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch {
    return false;
  }
}

Deno.test("relative links in the README and docs/ resolve to files", async () => {
  const broken: string[] = [];
  for (const file of await markdownFiles()) {
    const text = await Deno.readTextFile(new URL(file, ROOT));
    const base = new URL(file, ROOT);
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const path = target.split("#")[0];
      if (!(await exists(new URL(path, base)))) {
        broken.push(`${file}: ${target}`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

Deno.test("every lab has its guide in docs/labs/ and a row in the README", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  for (const lab of LABS) {
    assert.ok(
      await exists(new URL(`docs/labs/${lab.doc}`, ROOT)),
      `docs/labs/${lab.doc}`,
    );
    assert.ok(readme.includes(`(docs/labs/${lab.doc})`), lab.doc);
  }
  assert.equal(LABS.length, 9, "nine labs");
});

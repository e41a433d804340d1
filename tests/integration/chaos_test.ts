import assert from "node:assert/strict";
import { integrationTest } from "./fixture.ts";

const CHAOS = new URL("../../services/chaos/main.ts", import.meta.url).pathname;

integrationTest(
  "deno task chaos --quick: kills, a broker crash, SIGSTOP and poison records lose and duplicate nothing",
  async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CHAOS, "--quick", "--seed", "7"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    assert.match(text, /missing: 0; duplicates: 0/);
    assert.match(
      text,
      /kill -9 of the broker, then a restart +\S+ s +\S+ s +ok/,
    );
    assert.match(text, /\nPASSED\n/);
  },
  600_000,
);

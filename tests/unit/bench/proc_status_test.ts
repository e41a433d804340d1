import assert from "node:assert/strict";
import {
  parseProcStatus,
  readMemory,
} from "../../../services/bench/proc_status.ts";

Deno.test("parseProcStatus() reads VmRSS and VmHWM in bytes", () => {
  const text = "Name:\tdeno\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
  assert.deepEqual(parseProcStatus(text), {
    rss: 102400 * 1024,
    peak: 204800 * 1024,
  });
  assert.equal(parseProcStatus("Name:\tkthread\n"), null);
});

Deno.test("readMemory() reads this process and returns null for a missing one", async () => {
  const self = await readMemory(Deno.pid);
  assert.ok(self && self.rss > 0 && self.peak >= self.rss);
  assert.equal(await readMemory(2 ** 22 + 12345), null);
});

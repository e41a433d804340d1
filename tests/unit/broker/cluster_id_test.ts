import assert from "node:assert/strict";
import { clusterId } from "../../../services/broker/cluster_store.ts";
import type { ClusterLayout } from "../../../services/broker/cluster_files.ts";

Deno.test("clusterId() never starts an id with a dash, which kafka-storage would take for an option", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (let i = 0; i < 300; i++) {
      const layout = { clusterIdFile: `${dir}/id-${i}` } as ClusterLayout;
      const id = await clusterId(layout);
      assert.equal(id.length, 22);
      assert.doesNotMatch(id, /^[-_]/);
      assert.equal(await clusterId(layout), id, "read back, not made again");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * Lab 8 unattended on a three-broker cluster of the test's own (never the
 * shared broker): the lab kills and restarts its brokers with deno task kafka,
 * pointed at the cluster's folder by KAFKA_CLUSTER_ROOT.
 */
import { deadline } from "../../../shared/deadline.ts";
import { hasJava, startRig } from "../cluster_fixture.ts";
import { runLabOn } from "../lab_fixture.ts";

Deno.test({
  name:
    "lab 8 (replication) runs unattended on a cluster: leaders move, ISRs shrink and recover, acks=all refused with two brokers down, nothing acknowledged lost",
  ignore: !hasJava,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    deadline(
      (async () => {
        const rig = await startRig(
          `lab-replication-${crypto.randomUUID().slice(0, 8)}.`,
        );
        try {
          const root = { KAFKA_CLUSTER_ROOT: rig.cluster.root };
          await runLabOn(
            "replication",
            { ...rig, config: { ...rig.config, ...root } },
            { ...Deno.env.toObject(), ...rig.env, ...root },
          );
        } finally {
          await rig.close();
        }
      })(),
      300_000,
      { message: "lab 8 did not finish within 300 s" },
    ),
});

/**
 * Lab 8's checks, pure over two snapshots: leaders leave a dead broker and
 * the in-sync replicas shrink, they grow back after its restart, and acks=all
 * writes (the canary's) go on with one broker down, are refused with two, and
 * resume with every acknowledged one still on its topic.
 */
import type { PartitionReplication } from "../../monitor/alerts.ts";
import type { CanaryView } from "../canary.ts";
import {
  type CheckResult,
  ok,
  type Snapshot,
  type StepView,
  waiting,
} from "../model.ts";

/** Partitions led by each broker, most first (ties: the lower id). */
export function leaderCounts(
  replication: PartitionReplication[],
): [broker: number, partitions: number][] {
  const counts = new Map<number, number>();
  for (const p of replication) {
    if (p.leader >= 0) counts.set(p.leader, (counts.get(p.leader) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

/** The broker leading the most partitions: the one whose loss moves the most. */
export function busiestLeader(
  replication: PartitionReplication[],
): number | undefined {
  return leaderCounts(replication)[0]?.[0];
}

function describeLeaders(replication: PartitionReplication[]): string {
  return leaderCounts(replication).map(([b, n]) => `broker ${b} ${n}`).join(
    ", ",
  );
}

const under = (p: PartitionReplication) => p.isr.length < p.replicas.length;

function canaryOf(snapshot: Snapshot): CanaryView | undefined {
  return snapshot.probes.canary as CanaryView | undefined;
}

function hasAlert(snapshot: Snapshot, rule: string): boolean {
  return snapshot.alerts.some((a) => a.rule === rule);
}

/** Step 1: a broker that led partitions leads none and is in no ISR; writes go on. */
export function leadersMoved({ start, now }: StepView): CheckResult {
  const total = now.replication.length;
  if (total === 0) return waiting("no partitions of the project's topics yet");
  const down = leaderCounts(start.replication).map(([b]) => b).filter((b) =>
    now.replication.every((p) => p.leader !== b && !p.isr.includes(b))
  );
  if (down.length === 0) {
    return waiting(
      `every broker still leads or is in sync (leaders: ${
        describeLeaders(now.replication)
      }): kill one (deno task kafka --kill ${busiestLeader(now.replication)})`,
    );
  }
  const victim = down[0];
  const leaderless = now.replication.filter((p) => p.leader < 0);
  if (leaderless.length > 0) {
    return waiting(
      `broker ${victim} is out; ${leaderless.length} partition(s) have no leader yet`,
    );
  }
  if (!hasAlert(now, "under_replicated")) {
    return waiting(`broker ${victim} is out; no under_replicated alert yet`);
  }
  const canary = canaryOf(now);
  if (!canary?.last?.ok) {
    return waiting(
      `broker ${victim} is out; the last acks=all write was not acknowledged: ${
        canary?.last?.error ?? "none tried yet"
      }`,
    );
  }
  const moved = new Map<number, number>();
  for (const before of start.replication) {
    if (before.leader !== victim) continue;
    const after = now.replication.find((p) =>
      p.topic === before.topic && p.partition === before.partition
    );
    if (after) moved.set(after.leader, (moved.get(after.leader) ?? 0) + 1);
  }
  const shrunk = now.replication.filter(under).length;
  return ok(
    `broker ${victim} is down: the ${
      [...moved.values()].reduce((a, b) => a + b, 0)
    } partitions it led moved (${
      [...moved].sort((a, b) => a[0] - b[0]).map(([b, n]) =>
        `${n} to broker ${b}`
      ).join(", ")
    }); in-sync replicas shrank on ${shrunk} of ${total} partitions; under_replicated holds; acks=all writes still acknowledged (${canary.acknowledged} so far): two in-sync copies are enough for min.insync.replicas=2`,
  );
}

/** Step 2: every partition fully in sync, the alert gone, every acknowledged write read back. */
export function replicasInSync({ start, now }: StepView): CheckResult {
  const lagging = now.replication.filter(under);
  if (now.replication.length === 0) {
    return waiting("no partitions of the project's topics yet");
  }
  if (lagging.length > 0) {
    const out = new Set(
      lagging.flatMap((p) => p.replicas.filter((r) => !p.isr.includes(r))),
    );
    const ids = [...out].sort();
    return waiting(
      `${lagging.length} partition(s) still under-replicated (broker(s) ${
        ids.join(", ")
      } out of sync): restart it (deno task kafka --restart ${ids[0]})`,
    );
  }
  if (hasAlert(now, "under_replicated")) {
    return waiting("every ISR is full, but under_replicated still holds");
  }
  const canary = canaryOf(now);
  if (!canary || canary.missing === null || canary.acknowledged === 0) {
    return waiting(
      `cannot read the canary back yet${
        canary?.readError ? `: ${canary.readError}` : ""
      }`,
    );
  }
  if (canary.missing > 0) {
    return waiting(
      `${canary.missing} of ${canary.acknowledged} acknowledged canary writes are not on ${canary.topic}`,
    );
  }
  const back = [
    ...new Set(
      start.replication.flatMap((p) =>
        p.replicas.filter((r) => !p.isr.includes(r))
      ),
    ),
  ].sort();
  return ok(
    `${
      back.length > 0 ? `broker(s) ${back.join(", ")} caught up: ` : ""
    }all ${now.replication.length} partitions fully in sync and under_replicated cleared (leaders: ${
      describeLeaders(now.replication)
    }); all ${canary.acknowledged} acknowledged canary writes are on the topic`,
  );
}

const REFUSED = /not enough in-sync replicas/i;

/** Step 3: with too few copies in sync, an acks=all write is refused, not half-written. */
export function writesRefused({ start, now }: StepView): CheckResult {
  const canary = canaryOf(now);
  const last = canary?.last;
  const isr = canary?.partition
    ? ` (canary partition: isr ${canary.partition.isr.join(",")} of replicas ${
      canary.partition.replicas.join(",")
    })`
    : "";
  if (!last || last.at < start.at) {
    return waiting("no acks=all write tried yet");
  }
  if (last.ok) {
    return waiting(
      `acks=all writes are still acknowledged${isr}: take two of the three brokers down`,
    );
  }
  if (!REFUSED.test(last.error ?? "")) {
    return waiting(
      `the last write failed, but not for want of replicas: ${last.error}; the controller fences a silent broker after about 9 s`,
    );
  }
  const alone = now.replication.filter((p) => p.isr.length < 2).length;
  return ok(
    `acks=all refused: ${last.error}${isr}; ${alone} of ${now.replication.length} project partitions have fewer than 2 in-sync replicas`,
  );
}

/** Step 4: writes acknowledged again, and no acknowledged write was ever lost. */
export function writesResumed({ start, now }: StepView): CheckResult {
  const canary = canaryOf(now);
  const before = canaryOf(start)?.acknowledged ?? 0;
  if (!canary?.last || canary.last.at < start.at) {
    return waiting("no acks=all write tried yet");
  }
  if (!canary.last.ok || canary.acknowledged <= before) {
    return waiting(
      `acks=all writes are still refused: ${
        canary.last.error ?? "not answered"
      }; start a second broker again (deno task kafka --restart N)`,
    );
  }
  if (canary.missing === null) {
    return waiting(`cannot read the canary back yet: ${canary.readError}`);
  }
  if (canary.missing > 0) {
    return waiting(
      `${canary.missing} of ${canary.acknowledged} acknowledged canary writes are not on ${canary.topic}`,
    );
  }
  return ok(
    `acks=all writes acknowledged again${
      canary.partition ? ` (isr ${canary.partition.isr.join(",")})` : ""
    }; all ${canary.acknowledged} acknowledged canary writes are on the topic, none lost; ${canary.unacknowledged} were not acknowledged while brokers were down or moving`,
  );
}

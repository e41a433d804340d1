import assert from "node:assert/strict";
import type { PartitionReplication } from "../../../services/monitor/alerts.ts";
import type { CanaryView } from "../../../services/labs/canary.ts";
import {
  busiestLeader,
  leadersMoved,
  replicasInSync,
  writesRefused,
  writesResumed,
} from "../../../services/labs/labs/replication_checks.ts";
import type { Snapshot } from "../../../services/labs/model.ts";
import type { Alert } from "../../../lib/monitor_types.ts";

const ALL = [1, 2, 3];

function part(
  topic: string,
  partition: number,
  leader: number,
  isr = ALL,
): PartitionReplication {
  return { topic, partition, leader, replicas: ALL, isr };
}

function canary(overrides: Partial<CanaryView> = {}): CanaryView {
  return {
    topic: "lab.canary",
    acknowledged: 10,
    unacknowledged: 0,
    last: { ok: true, at: 2_000 },
    missing: 0,
    partition: part("lab.canary", 0, 1),
    ...overrides,
  };
}

function snapshot(
  at: number,
  replication: PartitionReplication[],
  probe: CanaryView | undefined = canary(),
  alerts: Alert[] = [],
): Snapshot {
  return {
    at,
    group: null,
    alerts,
    replication,
    ends: {},
    verify: null,
    probes: probe ? { canary: probe } : {},
  };
}

const UNDER: Alert = {
  rule: "under_replicated",
  reason: "partitions under-replicated",
};

// Broker 2 leads three partitions, broker 1 two, broker 3 one.
const healthy = [
  part("a", 0, 2),
  part("a", 1, 2),
  part("a", 2, 2),
  part("b", 0, 1),
  part("b", 1, 1),
  part("c", 0, 3),
];
const withoutTwo = [
  part("a", 0, 1, [1, 3]),
  part("a", 1, 3, [1, 3]),
  part("a", 2, 1, [1, 3]),
  part("b", 0, 1, [1, 3]),
  part("b", 1, 1, [1, 3]),
  part("c", 0, 3, [1, 3]),
];

Deno.test("busiestLeader() picks the broker leading the most partitions, the lower id on a tie", () => {
  assert.equal(busiestLeader(healthy), 2);
  assert.equal(busiestLeader([part("a", 0, 3), part("a", 1, 1)]), 1);
  assert.equal(busiestLeader([part("a", 0, -1)]), undefined);
});

Deno.test("leadersMoved() names the dead broker and where its partitions went", () => {
  const start = snapshot(1_000, healthy);
  const result = leadersMoved({
    start,
    now: snapshot(2_000, withoutTwo, canary(), [UNDER]),
  });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /broker 2 is down/);
  assert.match(result.detail, /2 to broker 1, 1 to broker 3/);
  assert.match(result.detail, /shrank on 6 of 6/);
});

Deno.test("leadersMoved() waits while every broker still leads or is in sync", () => {
  const result = leadersMoved({
    start: snapshot(1_000, healthy),
    now: snapshot(2_000, healthy),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /deno task kafka --kill 2\)/);
});

Deno.test("leadersMoved() waits for the alert, for leaders, and for an acknowledged write", () => {
  const start = snapshot(1_000, healthy);
  assert.match(
    leadersMoved({ start, now: snapshot(2_000, withoutTwo) }).detail,
    /no under_replicated alert yet/,
  );
  const leaderless = [...withoutTwo.slice(1), part("a", 0, -1, [1, 3])];
  assert.match(
    leadersMoved({ start, now: snapshot(2_000, leaderless, canary(), [UNDER]) })
      .detail,
    /1 partition\(s\) have no leader yet/,
  );
  const refused = canary({
    last: { ok: false, at: 2_000, error: "not enough in-sync replicas" },
  });
  const result = leadersMoved({
    start,
    now: snapshot(2_000, withoutTwo, refused, [UNDER]),
  });
  assert.equal(result.ok, false);
  assert.match(result.detail, /not acknowledged: not enough in-sync/);
});

Deno.test("replicasInSync() holds once every ISR is full, the alert gone and no acknowledged write missing", () => {
  const start = snapshot(1_000, withoutTwo, canary(), [UNDER]);
  const result = replicasInSync({ start, now: snapshot(2_000, healthy) });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /broker\(s\) 2 caught up/);
  assert.match(result.detail, /all 10 acknowledged canary writes/);
});

Deno.test("replicasInSync() waits for lagging replicas, the alert and the read-back", () => {
  const start = snapshot(1_000, withoutTwo, canary(), [UNDER]);
  assert.match(
    replicasInSync({ start, now: snapshot(2_000, withoutTwo) }).detail,
    /6 partition\(s\) still under-replicated \(broker\(s\) 2 out of sync\): restart it \(deno task kafka --restart 2\)/,
  );
  assert.match(
    replicasInSync({ start, now: snapshot(2_000, healthy, canary(), [UNDER]) })
      .detail,
    /under_replicated still holds/,
  );
  assert.match(
    replicasInSync({
      start,
      now: snapshot(2_000, healthy, canary({ missing: 2 })),
    }).detail,
    /2 of 10 acknowledged canary writes are not on lab.canary/,
  );
  assert.match(
    replicasInSync({
      start,
      now: snapshot(2_000, healthy, canary({ missing: null, readError: "x" })),
    }).detail,
    /cannot read the canary back yet: x/,
  );
});

const refusal =
  "not enough in-sync replicas to accept the write (fewer brokers in sync than min.insync.replicas; are brokers down?) (at b1)";

Deno.test("writesRefused() holds on a refusal for want of replicas after the step began", () => {
  const alone = healthy.map((p) => ({ ...p, leader: 1, isr: [1] }));
  const result = writesRefused({
    start: snapshot(1_000, healthy),
    now: snapshot(
      3_000,
      alone,
      canary({
        last: { ok: false, at: 2_500, error: refusal },
        partition: part("lab.canary", 0, 1, [1]),
      }),
    ),
  });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /isr 1 of replicas 1,2,3/);
  assert.match(result.detail, /6 of 6 project partitions/);
});

Deno.test("writesRefused() waits while writes are acknowledged, fail otherwise, or predate the step", () => {
  const start = snapshot(1_000, healthy);
  assert.match(
    writesRefused({ start, now: snapshot(3_000, healthy) }).detail,
    /still acknowledged/,
  );
  assert.match(
    writesRefused({
      start,
      now: snapshot(
        3_000,
        healthy,
        canary({ last: { ok: false, at: 2_500, error: "Connection error" } }),
      ),
    }).detail,
    /not for want of replicas: Connection error/,
  );
  assert.match(
    writesRefused({
      start,
      now: snapshot(
        3_000,
        healthy,
        canary({ last: { ok: false, at: 500, error: refusal } }),
      ),
    }).detail,
    /no acks=all write tried yet/,
  );
});

Deno.test("writesResumed() needs a new acknowledgement and nothing acknowledged missing", () => {
  const refused = canary({
    acknowledged: 10,
    last: { ok: false, at: 900, error: refusal },
  });
  const start = snapshot(1_000, healthy, refused);
  const back = canary({
    acknowledged: 12,
    unacknowledged: 7,
    last: { ok: true, at: 2_000 },
  });
  const result = writesResumed({ start, now: snapshot(2_000, healthy, back) });
  assert.ok(result.ok, result.detail);
  assert.match(result.detail, /all 12 acknowledged canary writes/);
  assert.match(result.detail, /7 were not acknowledged/);

  const still = canary({ last: { ok: false, at: 1_500, error: refusal } });
  assert.match(
    writesResumed({ start, now: snapshot(2_000, healthy, still) }).detail,
    /still refused/,
  );
  assert.match(
    writesResumed({
      start,
      now: snapshot(2_000, healthy, { ...back, missing: 1 }),
    }).detail,
    /1 of 12 acknowledged canary writes are not on/,
  );
});

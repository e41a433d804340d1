import assert from "node:assert/strict";
import {
  LabWatchers,
  type SnapshotSource,
} from "../../../services/labs/watch.ts";
import type { Lab, Snapshot } from "../../../services/labs/model.ts";
import { createLogger } from "../../../shared/log.ts";
import { pollUntil } from "../../../shared/poll.ts";
import { demoLab, snapshot } from "./fake_lab.ts";

const other: Lab = { ...demoLab, number: 2, id: "other" };
const third: Lab = { ...demoLab, number: 3, id: "third" };

/** A broker stand-in: `ends` and `flag` are what the next snapshot reads; every snapshot is counted. */
function fakeBroker() {
  const world = { ends: 0, flag: false, fail: false };
  const taken: Record<string, number> = {};
  const sources: Record<string, number> = {};
  const observe = (lab: Lab): SnapshotSource => {
    sources[lab.id] = (sources[lab.id] ?? 0) + 1;
    return {
      take(): Promise<Snapshot> {
        taken[lab.id] = (taken[lab.id] ?? 0) + 1;
        if (world.fail) return Promise.reject(new Error("broker down"));
        return Promise.resolve(snapshot(Date.now(), {
          ends: { t: world.ends },
          probes: { flag: world.flag },
        }));
      },
    };
  };
  return { world, taken, sources, observe };
}

function watchers(
  broker: ReturnType<typeof fakeBroker>,
  options: { leaseMs?: number; maxWatched?: number } = {},
) {
  let closed = 0;
  const w = new LabWatchers({
    observe: broker.observe,
    close: () => Promise.resolve(void closed++),
    labs: [demoLab, other, third],
    pollMs: 10,
    leaseMs: options.leaseMs ?? 10_000,
    maxWatched: options.maxWatched ?? 3,
    logger: createLogger("test", "silent"),
  });
  return { w, closed: () => closed };
}

const until = (check: () => boolean, what: string) =>
  pollUntil(check, { timeoutMs: 5_000, intervalMs: 5, what });

Deno.test("LabWatchers takes no snapshot until a page watches, then ticks the steps as they happen", async () => {
  const broker = fakeBroker();
  const { w, closed } = watchers(broker);
  try {
    assert.equal(w.view("demo")?.watching, false);
    assert.equal(broker.taken.demo, undefined, "a plain view takes nothing");
    assert.equal(w.view("nope"), undefined);
    w.view("demo", { watch: true });
    await until(() => w.view("demo")?.started_at !== null, "the baseline");
    assert.equal(w.view("demo")?.steps[0].detail, "no new records on t");
    broker.world.ends = 4;
    await until(() => w.view("demo")?.current === 1, "step 1 seen");
    assert.equal(w.view("demo")?.steps[0].detail, "4 records <i>arrived</i>");
    broker.world.flag = true;
    await until(() => w.view("demo")?.current === 2, "step 2 seen");
    assert.deepEqual(w.watched(), ["demo"]);
    assert.equal(broker.sources.demo, 1, "one source for the lab");
  } finally {
    await w.stop();
  }
  assert.equal(closed(), 1);
});

Deno.test("LabWatchers stops snapshotting when no page asked within the lease, and goes on from where it was", async () => {
  const broker = fakeBroker();
  const { w } = watchers(broker, { leaseMs: 60 });
  try {
    w.view("demo", { watch: true });
    await until(() => w.view("demo")?.started_at !== null, "the baseline");
    broker.world.ends = 1;
    await until(() => w.view("demo")?.current === 1, "step 1 seen");
    await until(() => w.view("demo")?.watching === false, "the watch to end");
    const taken = broker.taken.demo;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(broker.taken.demo, taken, "no snapshot while nobody watches");
    assert.deepEqual(w.watched(), []);
    broker.world.flag = true;
    w.view("demo", { watch: true });
    await until(() => w.view("demo")?.current === 2, "step 2 seen");
  } finally {
    await w.stop();
  }
});

Deno.test("LabWatchers.restart() takes a new baseline: every step waits again", async () => {
  const broker = fakeBroker();
  const { w } = watchers(broker);
  try {
    w.view("demo", { watch: true });
    await until(() => w.view("demo")?.started_at !== null, "the baseline");
    broker.world.ends = 3;
    await until(() => w.view("demo")?.current === 1, "step 1 seen");
    const first = w.view("demo")!.started_at!;
    const restarted = w.restart("demo");
    assert.equal(restarted?.started_at, null);
    assert.equal(restarted?.current, 0);
    await until(
      () => (w.view("demo")?.started_at ?? 0) > first,
      "the new baseline",
    );
    assert.equal(w.view("demo")?.current, 0, "ends did not move since");
    assert.equal(broker.sources.demo, 2, "a fresh source after a restart");
    assert.equal(w.restart("nope"), undefined);
  } finally {
    await w.stop();
  }
});

Deno.test("LabWatchers refuses to watch more labs at once than allowed, and says which are watched", async () => {
  const broker = fakeBroker();
  const { w } = watchers(broker, { maxWatched: 2 });
  try {
    w.view("demo", { watch: true });
    w.view("other", { watch: true });
    assert.throws(
      () => w.view("third", { watch: true }),
      (e: Error) =>
        e instanceof RangeError &&
        /Cannot watch lab third: 2 labs are watched \(demo, other\)/.test(
          e.message,
        ),
    );
    w.view("demo", { watch: true });
  } finally {
    await w.stop();
  }
});

Deno.test("LabWatchers shows a failed snapshot as the lab's error and recovers", async () => {
  const broker = fakeBroker();
  const { w } = watchers(broker);
  try {
    broker.world.fail = true;
    w.view("demo", { watch: true });
    await until(() => w.view("demo")?.error !== null, "the error");
    assert.equal(w.view("demo")?.error, "Cannot watch lab demo: broker down");
    broker.world.fail = false;
    await until(() => w.view("demo")?.started_at !== null, "the baseline");
    assert.equal(w.view("demo")?.error, null);
  } finally {
    await w.stop();
  }
  assert.throws(() => w.view("demo", { watch: true }), RangeError);
});

Deno.test("LabWatchers shows a lab whose check throws as its error, and keeps watching the others", async () => {
  const broken: Lab = {
    ...demoLab,
    id: "broken",
    steps: [{
      ...demoLab.steps[0],
      expect: () => {
        throw new TypeError("Cannot read properties of null");
      },
    }],
  };
  const broker = fakeBroker();
  const w = new LabWatchers({
    observe: broker.observe,
    labs: [broken, demoLab],
    pollMs: 10,
    logger: createLogger("test", "silent"),
  });
  try {
    w.view("broken", { watch: true });
    w.view("demo", { watch: true });
    await until(() => w.view("broken")?.error !== null, "the error");
    assert.equal(
      w.view("broken")?.error,
      "Cannot watch lab broken: Cannot read properties of null",
    );
    const taken = broker.taken.broken;
    await until(() => broker.taken.broken > taken, "another snapshot");
    await until(() => w.view("demo")?.started_at !== null, "demo's baseline");
  } finally {
    await w.stop();
  }
});

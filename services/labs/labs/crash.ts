/**
 * Lab 3: kill -9 one of two processors mid-stream. Its partitions stop
 * moving (the stall alert), the group waits out its session timeout, the
 * peer takes them over, and verify stays exact.
 */
import type { LabProcess, LabRun } from "../actions.ts";
import { type Lab, ok, waiting } from "../model.ts";
import {
  allOwned,
  committedTotal,
  describeOwners,
  owners,
} from "../members.ts";

const START = "2026-11-22T08:00:00Z";

function process(run: LabRun, id: string): LabProcess {
  const child = run.start("process", ["--instance-id", id], { label: id });
  run.memory.set(id, child);
  return child;
}

async function stop(run: LabRun, id: string) {
  const child = run.memory.get(id) as LabProcess | undefined;
  child?.kill("SIGTERM");
  await child?.exited;
}

export const crashLab: Lab = {
  number: 3,
  id: "crash",
  title: "Crash and recovery",
  goal:
    "Kill -9 a processor mid-stream and watch its partitions stall, the session timeout pass and a peer take over, with verify still exact.",
  doc: "03-crash-and-recovery.md",
  env: (short) => ({
    PROCESSOR_SESSION_TIMEOUT_MS: short ? "10000" : "30000",
    LOG_LEVEL: "warn",
  }),
  stallMs: (short) => short ? 4_000 : 15_000,
  async setup(run) {
    await run.run("reset", ["--all", "--yes"]);
    const producer = run.start("produce", [
      "--rate",
      run.short ? "150" : "300",
      "--seed",
      "3",
      "--start",
      START,
    ], { label: "producer" });
    run.memory.set("producer", producer);
  },
  steps: [
    {
      title: "two processors share the partitions",
      doIt: [
        "deno task produce --rate 300                    (terminal 1)",
        "deno task process --instance-id proc-a          (terminal 2)",
        "deno task process --instance-id proc-b          (terminal 3)",
        "Watch: /groups, the members and who owns which partition",
      ],
      act(run) {
        process(run, "proc-a");
        process(run, "proc-b");
        return Promise.resolve();
      },
      expect({ now }) {
        const list = owners(now.group);
        if (list.length === 2 && allOwned(now.group)) {
          return ok(`two members: ${describeOwners(list)}`);
        }
        return waiting(`members: ${describeOwners(list)}`);
      },
      timeoutMs: { auto: 60_000, manual: 300_000 },
    },
    {
      title: "kill -9 proc-a: its partitions stall",
      doIt: [
        "kill -9 <pid of proc-a>     (ps aux | grep proc-a)",
        "Watch: the stalled alert on / and /groups; lag grows on proc-a's partitions",
      ],
      async act(run) {
        const child = run.memory.get("proc-a") as LabProcess;
        child.kill("SIGKILL");
        await child.exited;
        run.say("proc-a killed with SIGKILL: no goodbye to the group");
      },
      expect({ start, now }) {
        const before = owners(start.group).find((o) => o.instance === "proc-a");
        const stalled = now.alerts.find((a) => a.rule === "partition_stalled");
        if (stalled) {
          return ok(
            `${
              stalled.partitions?.length ?? 0
            } partitions stalled (proc-a owned ${
              before?.tasks.join(",") ?? "?"
            }); lag ${now.group?.total_lag ?? 0}`,
          );
        }
        return waiting(`no stall yet; lag ${now.group?.total_lag ?? 0}`);
      },
      timeoutMs: { auto: 30_000, manual: 300_000 },
    },
    {
      title: "the session timeout passes and proc-b takes over",
      doIt: [
        "Wait: the group drops proc-a after PROCESSOR_SESSION_TIMEOUT_MS (30 s)",
        "Watch: /groups shows one member owning every partition; the lag drains",
      ],
      expect({ start, now }) {
        const list = owners(now.group);
        const moved = committedTotal(now.group) > committedTotal(start.group);
        if (list.length === 1 && allOwned(now.group) && moved) {
          return ok(
            `one member left: ${describeOwners(list)}; commits move again`,
          );
        }
        return waiting(`members: ${describeOwners(list)}`);
      },
      timeoutMs: { auto: 60_000, manual: 300_000 },
    },
    {
      title: "verify stays exact",
      doIt: [
        "Stop the producer (Ctrl-C), then proc-b (Ctrl-C)",
        "deno task process --until-caught-up --drain",
        "deno task verify",
      ],
      async act(run) {
        await stop(run, "producer");
        await stop(run, "proc-b");
        await run.run("process", ["--until-caught-up", "--drain"]);
        await run.run("verify", []);
      },
      expect({ start, now }) {
        const v = now.verify;
        if (!v || Date.parse(v.at) < start.at) {
          return waiting("no new deno task verify run yet");
        }
        return v.ok && v.expect === "exact"
          ? ok(`verify exact: ${v.compared} final records, ${v.summary}`)
          : waiting(`verify failed: ${v.failures.join(", ")}`);
      },
      timeoutMs: { auto: 30_000, manual: 600_000 },
    },
  ],
};

/**
 * Lab 2: consumer groups and rebalancing. Processors join one by one and the
 * tasks (partition numbers) move to them; a fourth has nothing to do, since
 * 3 partitions make 3 tasks; one stopped with Ctrl-C leaves at once and its
 * task moves to the idle one. Each processor runs one worker (--workers 1),
 * so that one processor is one member of the group.
 */
import type { LabProcess, LabRun } from "../actions.ts";
import type { Lab, Step } from "../model.ts";
import { memberLeft, membersShare } from "./group_checks.ts";

const INSTANCES = ["proc-a", "proc-b", "proc-c", "proc-d"];

function startProcessor(run: LabRun, instance: string) {
  const process = run.start(
    "process",
    ["--instance-id", instance, "--workers", "1"],
    { label: instance },
  );
  run.memory.set(instance, process);
}

function join(count: number, title: string, watch: string): Step {
  const instance = INSTANCES[count - 1];
  const first = count === 1
    ? [
      "Stop deno task dev and every processor; deno task reset --all --yes",
      "deno task produce --events 20000",
    ]
    : [];
  return {
    title,
    doIt: [
      ...first,
      `deno task process --instance-id ${instance} --workers 1   (a terminal of its own)`,
      `Watch: ${watch}`,
    ],
    act: (run) => Promise.resolve(startProcessor(run, instance)),
    expect: (view) => membersShare(view, count),
    timeoutMs: { auto: 60_000, manual: 300_000 },
  };
}

export const groupsLab: Lab = {
  number: 2,
  id: "groups",
  title: "Consumer groups and rebalancing",
  goal:
    "Start processors one by one and watch the group hand each a share of the 3 tasks, a fourth idle, and a stopped member's task move to the idle one.",
  doc: "02-consumer-groups.md",
  // Should a member die instead (the lab interrupted, say), it is dropped after 6 s, not 30.
  env: () => ({ PROCESSOR_SESSION_TIMEOUT_MS: "6000", LOG_LEVEL: "warn" }),
  async setup(run) {
    await run.run("reset", ["--all", "--yes"]);
    await run.run("produce", ["--events", run.short ? "2000" : "20000"]);
    if (!run.short) run.start("produce", ["--rate", "20"]);
  },
  steps: [
    join(
      1,
      "Start one processor: it holds every task",
      "/groups: one member, owner of partitions 0, 1, 2 of every store topic",
    ),
    join(
      2,
      "Start a second processor: tasks move to it",
      "/groups: the owner column changes for one partition number",
    ),
    join(
      3,
      "Start a third: one task each",
      "/groups: three members, one partition number each",
    ),
    join(
      4,
      "Start a fourth: it idles",
      "/groups: four members, one of them owns nothing",
    ),
    {
      title: "Stop proc-b with Ctrl-C: it leaves at once, its task moves",
      doIt: [
        "Ctrl-C in proc-b's terminal",
        "Watch: /groups: proc-b is gone within a second or two, proc-d owns its partitions",
      ],
      async act(run) {
        const proc = run.memory.get("proc-b") as LabProcess;
        proc.kill("SIGINT");
        await proc.exited;
      },
      expect: memberLeft,
      timeoutMs: { auto: 30_000, manual: 300_000 },
    },
  ],
};

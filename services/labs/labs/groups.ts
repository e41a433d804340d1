/**
 * Lab 2: consumer groups and rebalancing. Processors join one by one and the
 * tasks (partition numbers) move to them; a fourth has nothing to do, since
 * 3 partitions make 3 tasks; a killed member's task moves to the idle one.
 */
import type { LabProcess, LabRun } from "../actions.ts";
import type { Lab, Step } from "../model.ts";
import { memberLeft, membersShare } from "./group_checks.ts";

const INSTANCES = ["proc-a", "proc-b", "proc-c", "proc-d"];

function startProcessor(run: LabRun, instance: string) {
  const process = run.start("process", ["--instance-id", instance], {
    label: instance,
  });
  run.memory.set(instance, process);
}

function join(count: number, title: string, watch: string): Step {
  const instance = INSTANCES[count - 1];
  const first = count === 1
    ? [
      "Stop deno task dev and every processor; deno task reset --all --yes",
      "deno task produce --events 20000; export PROCESSOR_SESSION_TIMEOUT_MS=6000",
    ]
    : [];
  return {
    title,
    doIt: [
      ...first,
      `deno task process --instance-id ${instance}   (in a terminal of its own)`,
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
    "Start processors one by one and watch the group hand each a share of the 3 tasks, a fourth idle, and a killed member's task move to the idle one.",
  doc: "02-consumer-groups.md",
  // A killed member is declared dead after its session timeout: 6 s, not 30.
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
      title: "Kill proc-b: its task moves to the idle member",
      doIt: [
        "kill -9 $(pgrep -f 'instance-id proc-b')   (or Ctrl-C in its terminal)",
        "Watch: /groups: the member stays until its session times out, then its partitions move",
      ],
      act(run) {
        (run.memory.get("proc-b") as LabProcess).kill("SIGKILL");
        return Promise.resolve();
      },
      expect: memberLeft,
      timeoutMs: { auto: 60_000, manual: 300_000 },
    },
  ],
};

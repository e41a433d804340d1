/**
 * Lab 4: offsets. Move the processor group's committed offsets back, to the
 * earliest and to a time, and watch the processor notice, rebuild its state
 * and catch up without writing anything twice, so verify stays exact.
 */
import type { LabRun } from "../actions.ts";
import type { Lab, Step } from "../model.ts";
import {
  caughtUp,
  movedBack,
  OUTPUTS,
  verifiedExact,
} from "./offset_checks.ts";

const EVENTS = { short: "3000", long: "20000" };
/**
 * 45 minutes apart in event time: past the session gap (30 min), so no
 * session spans both loads, and within the processor's skew limit (1 h).
 */
const FIRST_START = "2026-11-22T08:00:00Z";
const SECOND_START = "2026-11-22T08:45:00Z";
const NOTICE = "offsets changed outside the processor";

/** Runs the processor to the end of what is there, and passes its offset-change lines on. */
async function processAll(run: LabRun) {
  const lines = await run.run("process", ["--until-caught-up", "--drain"]);
  const notices = lines.filter((l) => l.includes(NOTICE));
  if (notices.length > 0) {
    run.say(`the processor logged ${notices.length} line(s) like:`);
    run.say(`  ${notices[0].slice(0, 200)}`);
  }
}

/** `again`: a reprocess, which must not write to the output topics again. */
function processStep(title: string, again: boolean): Step {
  const first = again ? [] : [
    "Stop deno task dev and every processor; deno task reset --all --yes",
    `deno task produce --events 20000 --bad-ratio 0.02 --seed 41 --start ${FIRST_START}`,
    "date -u +%Y-%m-%dT%H:%M:%SZ   (note it: a time between the two loads)",
    `deno task produce --events 20000 --bad-ratio 0.02 --seed 42 --start ${SECOND_START}`,
  ];
  return {
    title,
    doIt: [
      ...first,
      "deno task process --until-caught-up --drain",
      ...(again
        ? [
          `Its log: "${NOTICE} topic=… changelog=… committed=…", one line per partition`,
        ]
        : []),
      "Watch: /groups: the lag falls to 0",
    ],
    act: processAll,
    expect: (view) => caughtUp(view, again ? OUTPUTS : []),
    timeoutMs: { auto: 20_000, manual: 600_000 },
  };
}

const verifyStep: Step = {
  title: "Verify: the stream still equals the batch",
  doIt: ["deno task verify", "Watch: its last line, OK: …"],
  act: (run) => run.run("verify", []).then(() => {}),
  expect: verifiedExact,
  timeoutMs: { auto: 20_000, manual: 600_000 },
};

export const offsetsLab: Lab = {
  number: 4,
  id: "offsets",
  title: "Offsets",
  goal:
    "Move the processor's committed offsets back, to the earliest and to a time, and see it rebuild its state and catch up without writing anything twice, so verify stays exact.",
  doc: "04-offsets.md",
  env: () => ({ PROCESSOR_SESSION_TIMEOUT_MS: "6000", LOG_LEVEL: "warn" }),
  async setup(run) {
    const events = run.short ? EVENTS.short : EVENTS.long;
    const load = ["--events", events, "--bad-ratio", "0.02"];
    await run.run("reset", ["--all", "--yes"]);
    await run.run("produce", [...load, "--seed", "41", "--start", FIRST_START]);
    // Record times are the producer's clock: this one falls between the two loads.
    const between = new Date().toISOString();
    run.memory.set("between", between);
    run.say(`the time between the two loads: ${between}`);
    await run.run("produce", [
      ...load,
      "--seed",
      "42",
      "--start",
      SECOND_START,
    ]);
  },
  steps: [
    processStep("Process everything once", false),
    {
      title: "Move the group back to the earliest",
      doIt: [
        "deno task offsets --to-earliest            (the plan: before and after, per partition)",
        "deno task offsets --to-earliest --execute",
        "Watch: /groups: the committed offsets drop to 0, the lag jumps to everything",
      ],
      async act(run) {
        const plan = await run.run("offsets", ["--to-earliest"]);
        for (const line of plan.slice(0, 4)) run.say(`  ${line}`);
        await run.run("offsets", ["--to-earliest", "--execute"]);
      },
      expect: (view) => movedBack(view, "earliest"),
      timeoutMs: { auto: 15_000, manual: 600_000 },
    },
    processStep(
      "Run the processor again: it notices, rebuilds, catches up",
      true,
    ),
    verifyStep,
    {
      title:
        "Move the group back to a time: only what came after is read again",
      doIt: [
        "deno task reset --to-datetime <ISO time>   (a time between two produce runs)",
        "Watch: /groups: the offsets drop to where the second run's records begin",
      ],
      async act(run) {
        const between = run.memory.get("between") as string;
        await run.run("reset", ["--to-datetime", between]);
      },
      expect: (view) => movedBack(view, "time"),
      timeoutMs: { auto: 15_000, manual: 600_000 },
    },
    processStep("Run the processor again from there", true),
    verifyStep,
  ],
};

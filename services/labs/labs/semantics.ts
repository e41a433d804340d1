/**
 * Lab 5: the same crash (in the middle of a commit, with work in hand) under
 * the three delivery semantics; verify shows nothing, duplicates, or loss.
 */
import type { DeliverySemantics } from "../../../shared/schemas/names.ts";
import type { LabRun } from "../actions.ts";
import {
  type CheckResult,
  type Lab,
  ok,
  type Step,
  type StepView,
  waiting,
} from "../model.ts";
import { latestSemantics } from "../probes.ts";
import type { VerifyResult } from "../../../shared/verify_result.ts";

const START = "2026-11-22T08:00:00Z";

async function drill(run: LabRun, semantics: DeliverySemantics) {
  const flags = ["--semantics", semantics];
  await run.run("reset", []);
  await run.run("process", [...flags, "--crash-at-commit", "3"], {
    expectCode: 137,
  });
  run.say(`the processor killed itself in the middle of its 3rd commit`);
  await run.run("process", [...flags, "--until-caught-up", "--drain"]);
  await run.run("verify", [], {
    expectCode: semantics === "exactly-once" ? 0 : 1,
  });
}

/** The verify run after this step began, under `semantics`, or what is missing. */
function verifiedUnder(
  view: StepView,
  semantics: DeliverySemantics,
): { missing: CheckResult } | { verify: VerifyResult } {
  const verify = view.now.verify;
  if (!verify || Date.parse(verify.at) < view.start.at) {
    return { missing: waiting("no new deno task verify run yet") };
  }
  const seen = view.now.probes.semantics;
  if (seen !== semantics) {
    return {
      missing: waiting(
        `the metric records say ${
          seen ?? "nothing"
        }: run the processor with --semantics ${semantics}`,
      ),
    };
  }
  return { verify };
}

function step(
  semantics: DeliverySemantics,
  title: string,
  judge: (result: VerifyResult) => CheckResult,
): Step {
  const flags = `--semantics ${semantics}`;
  return {
    title,
    doIt: [
      "deno task reset",
      `deno task process ${flags} --crash-at-commit 3   (or kill -9 it mid-stream)`,
      `deno task process ${flags} --until-caught-up --drain`,
      "deno task verify",
      "Watch: the semantics badge on the dashboard, and verify's last line",
    ],
    act: (run) => drill(run, semantics),
    expect(view) {
      const seen = verifiedUnder(view, semantics);
      return "missing" in seen ? seen.missing : judge(seen.verify);
    },
    timeoutMs: { auto: 30_000, manual: 600_000 },
  };
}

export const semanticsLab: Lab = {
  number: 5,
  id: "semantics",
  title: "Delivery semantics",
  goal:
    "See the same crash count nothing twice and lose nothing under exactly-once, count events twice under at-least-once, and lose events under at-most-once.",
  doc: "05-delivery-semantics.md",
  probes: { semantics: latestSemantics },
  env: () => ({ PROCESSOR_SESSION_TIMEOUT_MS: "6000", LOG_LEVEL: "warn" }),
  async setup(run) {
    await run.run("reset", ["--all", "--yes"]);
    await run.run("produce", [
      "--known-answer",
      "--events",
      run.short ? "6000" : "30000",
      "--start",
      START,
    ]);
  },
  steps: [
    step(
      "exactly-once",
      "exactly-once: crash mid-commit, restart, verify",
      (r) =>
        r.extra === 0 && r.lost === 0
          ? ok(
            `verify exact after the crash: ${r.compared} final records equal the batch`,
          )
          : waiting(`verify found +${r.extra} counted twice, -${r.lost} lost`),
    ),
    step(
      "at-least-once",
      "at-least-once: the same crash counts events twice",
      (r) =>
        r.extra > 0 && r.lost === 0
          ? ok(`verify: +${r.extra} events counted twice, none lost`)
          : waiting(`verify found +${r.extra} counted twice, -${r.lost} lost`),
    ),
    step(
      "at-most-once",
      "at-most-once: the same crash loses events",
      (r) =>
        r.lost > 0 && r.extra === 0
          ? ok(`verify: -${r.lost} events lost, none counted twice`)
          : waiting(`verify found +${r.extra} counted twice, -${r.lost} lost`),
    ),
  ],
};

/**
 * Runs a lab: unattended (the runner does each step's action) or as a
 * watcher while the learner does the steps by hand (`--check`). Either way
 * each step's effect is awaited from snapshots of the broker, with a time
 * limit, and printed as it is observed or as what is still missing.
 */
import { LabRun } from "./actions.ts";
import {
  type CheckResult,
  type Lab,
  type Snapshot,
  type Step,
  waiting,
} from "./model.ts";
import { type LabClients, Observer } from "./snapshot.ts";

export interface RunLabOptions {
  /** "auto": the runner acts; "check": the learner acts, the runner watches. */
  mode: "auto" | "check";
  /** Small loads and short timeouts: what the integration tests run. */
  short: boolean;
  clients: LabClients;
  /** The environment of the services the lab starts. */
  env: Record<string, string>;
  say(line: string): void;
  /** Between snapshots. @default 1000 */
  pollMs?: number;
  /** Ctrl-C: stop waiting, clean up what the lab started. */
  signal?: AbortSignal;
}

export interface StepOutcome {
  title: string;
  ok: boolean;
  detail: string;
  ms: number;
}

export async function runLab(
  lab: Lab,
  options: RunLabOptions,
): Promise<StepOutcome[]> {
  const { mode, say } = options;
  const run = new LabRun({
    short: options.short,
    env: { ...options.env, ...lab.env?.(options.short) },
    clients: options.clients,
    say: (line) => say(`    ${line}`),
  });
  const observer = new Observer(options.clients, lab, {
    short: options.short,
    memory: run.memory,
  });
  const outcomes: StepOutcome[] = [];
  say(`Lab ${lab.number}: ${lab.title}`);
  say(`Goal: ${lab.goal}`);
  say(`Guide: docs/labs/${lab.doc}`);
  try {
    if (mode === "auto" && lab.setup) {
      say("Setting up");
      await lab.setup(run);
    }
    for (const [i, step] of lab.steps.entries()) {
      if (options.signal?.aborted) break;
      say(`\nStep ${i + 1}/${lab.steps.length}: ${step.title}`);
      if (mode === "check") {
        for (const line of step.doIt) say(`    ${line}`);
      }
      const outcome = await awaitStep(step, observer, run, options);
      outcomes.push(outcome);
      const seconds = (outcome.ms / 1000).toFixed(1);
      say(
        outcome.ok
          ? `  ✓ ${outcome.detail} (${seconds} s)`
          : `  ✗ not seen within ${seconds} s: ${outcome.detail}`,
      );
      if (!outcome.ok) break;
    }
  } finally {
    await run.cleanup();
  }
  return outcomes;
}

async function awaitStep(
  step: Step,
  observer: Observer,
  run: LabRun,
  options: RunLabOptions,
): Promise<StepOutcome> {
  const began = Date.now();
  const limit = options.mode === "auto"
    ? step.timeoutMs.auto
    : step.timeoutMs.manual;
  const pollMs = options.pollMs ?? 1_000;
  const pause = () => new Promise((resolve) => setTimeout(resolve, pollMs));
  let start: Snapshot | undefined;
  while (!start) {
    try {
      start = await observer.take();
    } catch (error) {
      if (Date.now() - began >= limit || options.signal?.aborted) throw error;
      await pause();
    }
  }
  if (options.mode === "auto") await step.act?.(run);
  let last = "";
  let lastSaid = 0;
  let judged: CheckResult | undefined;
  let failures = 0;
  while (true) {
    // A read can fail while the cluster changes (a leader just died): that
    // snapshot is missing, not the effect; the last verdict stands for a few.
    const result = await observer.take().then(
      (now) => {
        failures = 0;
        return (judged = step.expect({ start, now }));
      },
      (error) =>
        ++failures < 3 && judged
          ? judged
          : waiting(`cannot read the cluster now: ${(error as Error).message}`),
    );
    const ms = Date.now() - began;
    if (result.ok) {
      return { title: step.title, ok: true, detail: result.detail, ms };
    }
    if (ms >= limit || options.signal?.aborted) {
      return { title: step.title, ok: false, detail: result.detail, ms };
    }
    // By hand, say what is missing when it changes, and every 15 s.
    if (
      options.mode === "check" &&
      (result.detail !== last || Date.now() - lastSaid > 15_000)
    ) {
      options.say(
        `  … ${result.detail} (${Math.round((limit - ms) / 1000)} s left)`,
      );
      last = result.detail;
      lastSaid = Date.now();
    }
    await pause();
  }
}

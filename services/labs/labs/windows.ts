/**
 * Lab 7: events sent minutes after they happened are late for a window that
 * has closed; reprocessing the same backlog with a larger allowed lateness
 * puts them back into their windows, and verify is exact both times.
 */
import type { LabClients } from "../snapshot.ts";
import { type Lab } from "../model.ts";
import { allRecords, jsonValue } from "../probes.ts";
import { lateCounted, latenessFigures, windowsGrew } from "./windows_checks.ts";

const START = "2026-11-22T04:00:00Z";
/** Larger than the late scenario's longest delay (4 min). */
const WIDE_LATENESS_MS = "300000";
const decoder = new TextDecoder();

async function lateness(clients: LabClients) {
  const records = await allRecords(clients, clients.names.metrics);
  return latenessFigures(records.map((r) => ({
    key: r.key ? decoder.decode(r.key) : null,
    value: jsonValue(r),
  })));
}

export const windowsLab: Lab = {
  number: 7,
  id: "windows",
  title: "Windows, watermarks and late data",
  goal:
    "See events that arrive minutes after they happened counted late and left out of their closed windows, then reprocess with a larger allowed lateness and see exactly those events land in their windows.",
  doc: "07-windows-late-data.md",
  probes: { lateness },
  env: () => ({ PROCESSOR_SESSION_TIMEOUT_MS: "6000", LOG_LEVEL: "warn" }),
  async setup(run) {
    await run.run("reset", ["--all", "--yes"]);
  },
  steps: [
    {
      title:
        "a tenth of the events arrive 2-4 minutes late: at 30 s of lateness they are late",
      doIt: [
        "deno task reset --all --yes",
        `deno task produce --scenario late --events 20000 --seed 7 --start ${START}`,
        "deno task process --until-caught-up --drain",
        "deno task verify",
        "Watch: the event-time panel on / (late events, last full minute), and verify's '(N late)'",
      ],
      async act(run) {
        const events = run.short ? "20000" : "60000";
        await run.run("produce", [
          "--scenario",
          "late",
          "--events",
          events,
          "--seed",
          "7",
          "--start",
          START,
        ]);
        const env = { PROCESSOR_ALLOWED_LATENESS_MS: "30000" };
        await run.run("process", ["--until-caught-up", "--drain"], { env });
        await run.run("verify", [], { env });
      },
      expect: lateCounted,
      timeoutMs: { auto: 60_000, manual: 600_000 },
    },
    {
      title:
        "reprocess the same backlog with 5 minutes of lateness: the late events land in their windows",
      doIt: [
        "deno task reset",
        `PROCESSOR_ALLOWED_LATENESS_MS=${WIDE_LATENESS_MS} deno task process --until-caught-up --drain`,
        `PROCESSOR_ALLOWED_LATENESS_MS=${WIDE_LATENESS_MS} deno task verify`,
        "Watch: the late count falls, and the windows on / and in verify's table hold more events",
      ],
      async act(run) {
        const env = { PROCESSOR_ALLOWED_LATENESS_MS: WIDE_LATENESS_MS };
        await run.run("reset", []);
        await run.run("process", ["--until-caught-up", "--drain"], { env });
        await run.run("verify", [], { env });
      },
      expect: windowsGrew,
      // The time limit starts before the act, which resets, reprocesses the
      // whole backlog and verifies it.
      timeoutMs: { auto: 90_000, manual: 600_000 },
    },
  ],
};

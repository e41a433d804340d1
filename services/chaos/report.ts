/** The drill's table and verdict: pure. */
import type { DrillReport } from "./drill.ts";
import { FAULT_LABELS } from "./schedule.ts";

export interface Verdict {
  ok: boolean;
  problems: string[];
}

export function judge(report: DrillReport): Verdict {
  const problems: string[] = [];
  for (const r of report.faults) {
    if (r.recoveryMs === null || r.recoveryMs > r.boundMs) {
      problems.push(
        `${r.fault.kind} at ${seconds(r.injectedAtMs)}: no recovery within ${
          seconds(r.boundMs)
        }`,
      );
    }
  }
  const a = report.audit;
  if (!report.caughtUp) problems.push("the processors never caught up");
  if (report.producerFailures > 0) {
    problems.push(
      `the generator counted ${report.producerFailures} records as not written`,
    );
  }
  if (a.missing > 0) {
    problems.push(`${a.missing} valid events missing from the enriched topic`);
  }
  if (a.duplicates > 0) {
    problems.push(`${a.duplicates} enriched events written twice`);
  }
  if (a.duplicateDeadLetters > 0) {
    problems.push(`${a.duplicateDeadLetters} records dead-lettered twice`);
  }
  if (!report.verifyOk) problems.push("verify found differences");
  for (const crash of report.crashed) {
    problems.push(`a processor exited on its own: ${crash}`);
  }
  return { ok: problems.length === 0, problems };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatReport(report: DrillReport, verdict: Verdict): string {
  const rows = report.faults.map((r) => [
    FAULT_LABELS[r.fault.kind],
    seconds(r.injectedAtMs),
    r.recoveryMs === null ? "never" : seconds(r.recoveryMs),
    r.recoveryMs !== null && r.recoveryMs <= r.boundMs ? "ok" : "FAILED",
  ]);
  const header = ["fault", "injected at", "recovered after", "verdict"];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i].length))
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const a = report.audit;
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    `valid input events: ${a.input}; enriched (Kafka's console consumer, read_committed): ${a.enriched}; ` +
    `missing: ${a.missing}; duplicates: ${a.duplicates}; dead letters: ${a.deadLetters} (${a.duplicateDeadLetters} twice)`,
    `generator delivery failures: ${report.producerFailures}; verify: ${
      report.verifyOk ? "OK" : "FAILED"
    }`,
    "",
    verdict.ok ? "PASSED" : `FAILED:\n- ${verdict.problems.join("\n- ")}`,
  ].join("\n");
}

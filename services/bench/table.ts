/** The results as a table: plain for the terminal as the run goes, Markdown for the README. */
import type { BenchResult } from "./results.ts";
import type { MachineInfo } from "./machine.ts";
import type { Summary } from "./stats.ts";

/** A number with thousands separators and at most `digits` decimals. */
export function formatNumber(value: number, digits?: number): string {
  const decimals = digits ?? (Math.abs(value) >= 100 ? 0 : 2);
  return value.toLocaleString("en-US", {
    maximumFractionDigits: decimals,
    minimumFractionDigits: 0,
  });
}

function formatSummary(summary: Summary | null): string {
  if (!summary) return "—";
  if (summary.runs.length === 1) return formatNumber(summary.median);
  return `${formatNumber(summary.median)} (${formatNumber(summary.min)}–${
    formatNumber(summary.max)
  })`;
}

const HEADER = [
  "figure",
  "unit",
  "ours: median (min–max)",
  "reference",
  "ratio",
  "goal",
  "met",
];

/** The columns; notes are printed under the table, where long ones fit. */
function header(_results: readonly BenchResult[]): string[] {
  return HEADER;
}

function rows(results: readonly BenchResult[]): string[][] {
  return results.map((r) => [
    r.name,
    r.unit,
    formatSummary(r.ours),
    formatSummary(r.reference),
    r.ratio === null ? "—" : formatNumber(r.ratio, 2),
    r.goal ?? "—",
    r.goal === null ? "—" : r.met ? "yes" : "NO",
  ]);
}

/** `name: note` for each figure with a note. */
function notes(results: readonly BenchResult[]): string[] {
  return results.flatMap((r) => r.note ? [`${r.name}: ${r.note}`] : []);
}

/** Column-aligned plain text, one figure a row, then the figures' notes. */
export function formatTable(results: readonly BenchResult[]): string {
  const columns = header(results);
  const all = [columns, ...rows(results)];
  const widths = columns.map((_, col) =>
    Math.max(...all.map((row) => row[col].length))
  );
  const table = all.map((row) =>
    row.map((cell, col) => cell.padEnd(widths[col])).join("  ").trimEnd()
  );
  return [...table, ...notes(results).map((note) => `note: ${note}`)]
    .join("\n");
}

/** A GitHub Markdown table with a line naming the date and the machine. */
export function formatMarkdown(
  results: readonly BenchResult[],
  machine: MachineInfo,
): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const lines = [
    `Measured ${
      machine.measured_at.slice(0, 16).replace("T", " ")
    } UTC (${machine.mode} run) on ${machine.cores} cores (${machine.cpu}), ${machine.memory_gb} GB RAM, ${machine.os}; Kafka ${machine.kafka_version}, Deno ${machine.deno_version}, Java ${machine.java_version}.`,
    "",
    `| ${header(results).join(" | ")} |`,
    `|${header(results).map(() => "---").join("|")}|`,
    ...rows(results).map((row) => `| ${row.map(escape).join(" | ")} |`),
  ];
  const extra = notes(results);
  if (extra.length > 0) lines.push("", ...extra.map((note) => `- ${note}`));
  return lines.join("\n");
}

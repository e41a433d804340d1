import assert from "node:assert/strict";
import { makeResult } from "../../../services/bench/results.ts";
import {
  formatMarkdown,
  formatNumber,
  formatTable,
} from "../../../services/bench/table.ts";
import type { MachineInfo } from "../../../services/bench/machine.ts";
import { SERVICE_MODULES } from "../../../services/bench/children.ts";

const results = [
  makeResult({
    name: "produce",
    unit: "events/s",
    ours: [12000, 11000, 13000],
    reference: [40000, 39000, 41000],
    goal: { on: "ratio", op: ">=", value: 0.5 },
  }),
  makeResult({ name: "process-rss", unit: "MB", ours: [90.5] }),
];

Deno.test("formatNumber() groups thousands and trims decimals", () => {
  assert.equal(formatNumber(12345.678), "12,346");
  assert.equal(formatNumber(1.234), "1.23");
});

Deno.test("formatTable() aligns one row per figure with ratio and verdict", () => {
  const lines = formatTable(results).split("\n");
  assert.equal(lines.length, 3);
  assert.match(
    lines[1],
    /^produce\s+events\/s\s+12,000 \(11,000–13,000\)\s+40,000 \(39,000–41,000\)\s+0\.3\s+ratio >= 0\.5\s+NO$/,
  );
  assert.match(lines[2], /^process-rss\s+MB\s+90\.5\s+—\s+—\s+—\s+—$/);
});

Deno.test("formatMarkdown() names the date and machine above the table", () => {
  const machine: MachineInfo = {
    cores: 2,
    cpu: "Test CPU",
    memory_gb: 24,
    os: "linux",
    kafka_version: "4.4.0",
    deno_version: "2.9.0",
    java_version: "17",
    measured_at: "2026-11-25T08:00:00.000Z",
    mode: "full",
  };
  const text = formatMarkdown(results, machine);
  assert.match(text, /^Measured 2026-11-25 08:00 UTC \(full run\) on 2 cores/);
  assert.match(text, /\| produce \| events\/s \|/);
});

Deno.test("SERVICE_MODULES match the modules of the deno.json tasks", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)),
  );
  for (const [task, module] of Object.entries(SERVICE_MODULES)) {
    assert.match(config.tasks[task], new RegExp(`deno run -A ${module}$`));
  }
});

Deno.test("formatTable() and formatMarkdown() print a figure's note under the table", () => {
  const noted = [
    ...results,
    makeResult({
      name: "process-vs-streams",
      unit: "events/s",
      ours: [30_000],
      reference: [20_000],
      goal: { on: "ratio", op: ">=", value: 1 },
      note: "peer computes 3 of our 6 metrics: ratio is conservative",
    }),
  ];
  const lines = formatTable(noted).split("\n");
  assert.equal(lines.length, 5);
  assert.match(
    lines[3],
    /^process-vs-streams\s+events\/s\s+30,000\s+20,000\s+1\.5\s+ratio >= 1\s+yes$/,
  );
  assert.equal(
    lines[4],
    "note: process-vs-streams: peer computes 3 of our 6 metrics: ratio is conservative",
  );
  const machine: MachineInfo = {
    cores: 2,
    cpu: "Test CPU",
    memory_gb: 24,
    os: "linux",
    kafka_version: "4.4.0",
    deno_version: "2.9.0",
    java_version: "17",
    measured_at: "2026-11-25T08:00:00.000Z",
    mode: "full",
  };
  assert.match(
    formatMarkdown(noted, machine),
    /\| process-vs-streams \|[^\n]*\|\n\n- process-vs-streams: peer computes 3 of our 6 metrics: ratio is conservative$/,
  );
  assert.equal(formatTable(results).includes("note:"), false);
});

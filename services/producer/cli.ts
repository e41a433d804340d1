/** The `deno task produce` command line: flags, their defaults, and the help text. */
import { parseArgs } from "node:util";
import { type Scenario, SCENARIOS } from "./model/scenario.ts";
import { DEFAULT_RATE } from "./model/simulation.ts";

export const USAGE = `Usage: deno task produce [flags]

Simulates shoppers of the game store and produces their events to the
store.* topics (key user_id, JSON value, headers event_type and schema_version).

Flags:
  --rate N|N/s|max   Base events per second; the time-of-day curve scales it
                     (0.3x at night, 2.3x in the evening). "max" sends as fast
                     as the broker takes it. Default: ${DEFAULT_RATE}/s, or max with
                     --events (the simulated clock then still advances as if
                     at ${DEFAULT_RATE}/s, so timestamps span realistic minutes).
  --duration T       Stop after T of wall-clock time: 90s, 10m, 1h, 500ms.
  --events N         Stop after N records (valid and bad together).
  --seed N           Seed of every random draw (default: random, printed at
                     start); the same seed and flags give the same events.
  --start ISO-TIME   Simulated clock at the start, e.g. 2026-11-22T08:00:00Z
                     (default: now).
  --speed X          Simulated seconds per wall-clock second (default 1);
                     --speed 60 runs a day's traffic curve in 24 minutes.
  --bad-ratio R      Share of deliberately invalid records, 0..1 (default 0):
                     malformed JSON, missing fields, wrong types, negative
                     prices, unknown event types, oversized payloads.
  --scenario NAME    none (default), flash-sale (a spike on 3 games at 60 %
                     off, from 30 s in, 15 min every hour) or outage (45 s
                     bursts of 30 % bad records every 5 min).
  --summary-json F   Write the final summary as JSON to file F.
  --help             Show this text.

Without --duration or --events it runs until Ctrl-C. Exit codes: 0 done or
stopped, 2 bad flags or configuration, 1 fatal Kafka error.`;

export interface CliOptions {
  /** Events per second, "max" for unthrottled, or undefined for the default. */
  rate?: number | "max";
  durationMs?: number;
  events?: number;
  seed?: number;
  startMs?: number;
  speed: number;
  badRatio: number;
  scenario: Scenario;
  summaryJson?: string;
  help: boolean;
}

/** A command line the producer cannot run with; main prints it with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parses `N`, `N/s` or `max` into events per second. */
export function parseRate(text: string): number | "max" {
  if (text === "max") return "max";
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text);
  const rate = match ? Number(match[1]) : NaN;
  if (!(rate > 0)) {
    throw new UsageError(
      `Invalid --rate: expected N, N/s or max with N > 0 (got "${text}")`,
    );
  }
  return rate;
}

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses `500ms`, `90s`, `10m`, `1h` (a bare number means seconds) into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? "s"] : NaN;
  if (!(ms > 0)) {
    throw new UsageError(
      `Invalid --duration: expected a positive time like 90s or 10m (got "${text}")`,
    );
  }
  return ms;
}

function number(
  flag: string,
  text: string,
  ok: (n: number) => boolean,
  what: string,
) {
  const n = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(n) || !ok(n)) {
    throw new UsageError(`Invalid --${flag}: expected ${what} (got "${text}")`);
  }
  return n;
}

function startTime(text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw new UsageError(
      `Invalid --start: expected an ISO time like 2026-11-22T08:00:00Z (got "${text}")`,
    );
  }
  return ms;
}

/** Parses the producer's flags; throws {@linkcode UsageError} on anything wrong. */
export function parseCli(args: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        rate: { type: "string" },
        duration: { type: "string" },
        events: { type: "string" },
        seed: { type: "string" },
        start: { type: "string" },
        speed: { type: "string" },
        "bad-ratio": { type: "string" },
        scenario: { type: "string" },
        "summary-json": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? error.message : String(error),
    );
  }
  const scenario = values.scenario ?? "none";
  if (!(SCENARIOS as readonly string[]).includes(scenario)) {
    throw new UsageError(
      `Invalid --scenario: expected one of ${
        SCENARIOS.join(", ")
      } (got "${scenario}")`,
    );
  }
  return {
    rate: values.rate === undefined ? undefined : parseRate(values.rate),
    durationMs: values.duration === undefined
      ? undefined
      : parseDuration(values.duration),
    events: values.events === undefined ? undefined : number(
      "events",
      values.events,
      (n) => Number.isInteger(n) && n > 0,
      "a positive whole number",
    ),
    seed: values.seed === undefined ? undefined : number(
      "seed",
      values.seed,
      (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
      "a whole number from 0 to 4294967295",
    ),
    startMs: values.start === undefined ? undefined : startTime(values.start),
    speed: values.speed === undefined ? 1 : number(
      "speed",
      values.speed,
      (n) => n > 0 && n <= 100_000,
      "a number above 0 and at most 100000",
    ),
    badRatio: values["bad-ratio"] === undefined ? 0 : number(
      "bad-ratio",
      values["bad-ratio"],
      (n) => n >= 0 && n <= 1,
      "a number from 0 to 1",
    ),
    scenario: scenario as Scenario,
    summaryJson: values["summary-json"],
    help: values.help ?? false,
  };
}

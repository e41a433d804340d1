/** The `deno task produce` command line: flags, their defaults, and the help text. */
import { invalidFlag, parseFlags, UsageError } from "../../shared/flags.ts";
import { durationMs } from "../../shared/time.ts";
import { KEY_MODES, type KeyMode } from "./model/record_keys.ts";
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
                     off, from 30 s in, 15 min every hour), outage (45 s
                     bursts of 30 % bad records every 5 min) or late (10 %
                     of the valid events sent 2-4 min after they happened,
                     past the processor's allowed lateness of 30 s).
  --known-answer     Instead of shoppers, a fixed load to check by eye: each
                     simulated minute, exactly 1,000 views of each of the six
                     most popular games and one 10.00 purchase per 100 views
                     (6,000 views, 60 orders, 600.00 revenue a minute).
  --key MODE         user_id (default): every event of a user in one partition
                     number of every store topic; random: a random key per
                     record, which scatters a user's events over the
                     partitions (docs/labs/01-topics-partitions-keys.md).
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
  /** The fixed load of model/known_answer.ts instead of the shopper model. */
  knownAnswer: boolean;
  /** What each record is keyed by. */
  key: KeyMode;
  summaryJson?: string;
  help: boolean;
}

export { UsageError };

/** Parses `N`, `N/s` or `max` into events per second. */
export function parseRate(text: string): number | "max" {
  if (text === "max") return "max";
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text);
  const rate = match ? Number(match[1]) : NaN;
  if (!(rate > 0)) {
    throw invalidFlag("rate", "N, N/s or max with N > 0", text);
  }
  return rate;
}

/** Parses `500ms`, `90s`, `10m`, `1h` (a bare number means seconds) into milliseconds. */
export function parseDuration(text: string): number {
  const ms = durationMs(text);
  if (ms === undefined) {
    throw invalidFlag("duration", "a positive time like 90s or 10m", text);
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
    throw invalidFlag(flag, what, text);
  }
  return n;
}

function startTime(text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw invalidFlag("start", "an ISO time like 2026-11-22T08:00:00Z", text);
  }
  return ms;
}

/** Parses the producer's flags; throws {@linkcode UsageError} on anything wrong. */
export function parseCli(args: string[]): CliOptions {
  const { values, help } = parseFlags(args, {
    strings: [
      "rate",
      "duration",
      "events",
      "seed",
      "start",
      "speed",
      "bad-ratio",
      "scenario",
      "key",
      "summary-json",
    ],
    booleans: ["known-answer"],
  });
  if (
    values["known-answer"] &&
    (values["bad-ratio"] !== undefined || values.scenario !== undefined)
  ) {
    throw new UsageError(
      "Invalid flags: --known-answer is a fixed load; --bad-ratio and --scenario do not apply",
    );
  }
  if (values["summary-json"] === "") {
    throw invalidFlag("summary-json", "a file name", "");
  }
  const scenario = values.scenario ?? "none";
  if (!(SCENARIOS as readonly string[]).includes(scenario)) {
    throw invalidFlag("scenario", `one of ${SCENARIOS.join(", ")}`, scenario);
  }
  const key = values.key ?? "user_id";
  if (!(KEY_MODES as readonly string[]).includes(key)) {
    throw invalidFlag("key", `one of ${KEY_MODES.join(", ")}`, key);
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
    knownAnswer: values["known-answer"] === true,
    key: key as KeyMode,
    summaryJson: values["summary-json"],
    help,
  };
}

/**
 * Optional scenarios layered on the normal day: when a flash sale or an
 * outage burst is on, as pure functions of simulated time since the start.
 * The `late` scenario changes when events are sent, not what happens: see
 * late.ts.
 */
import { MINUTE_MS } from "../../../shared/time.ts";

export const SCENARIOS = ["none", "flash-sale", "outage", "late"] as const;
export type Scenario = typeof SCENARIOS[number];

/** A flash sale starts this long after the simulated start, then every period. */
export const FLASH_SALE = {
  firstAfterMs: 30_000,
  periodMs: 60 * MINUTE_MS,
  durationMs: 15 * MINUTE_MS,
  /** How many games are on sale. */
  games: 3,
  /** Price cut on the sale games. */
  discount: 0.6,
  /** Traffic multiplier at the height of the sale. */
  trafficPeak: 2.5,
  /** Each sale game's weight, as a multiple of the top game's normal weight. */
  popularityBoost: 2,
} as const;

/** Outage bursts: a share of the traffic turns bad for a short while, repeatedly. */
export const OUTAGE = {
  firstAfterMs: 30_000,
  periodMs: 5 * MINUTE_MS,
  durationMs: 45_000,
  /** Share of records that are bad during a burst. */
  badRatio: 0.3,
} as const;

interface Window {
  /** Which occurrence (0, 1, ...) this is. */
  index: number;
  /** Progress through the occurrence in [0, 1). */
  phase: number;
}

function activeWindow(
  sinceStartMs: number,
  spec: { firstAfterMs: number; periodMs: number; durationMs: number },
): Window | undefined {
  const t = sinceStartMs - spec.firstAfterMs;
  if (t < 0) return undefined;
  const index = Math.floor(t / spec.periodMs);
  const into = t - index * spec.periodMs;
  if (into >= spec.durationMs) return undefined;
  return { index, phase: into / spec.durationMs };
}

/** The flash sale running at this point of a run, if any. */
export function flashSaleAt(
  scenario: Scenario,
  sinceStartMs: number,
): Window | undefined {
  return scenario === "flash-sale"
    ? activeWindow(sinceStartMs, FLASH_SALE)
    : undefined;
}

/** Extra traffic from the scenario: ramps up fast, tails off over the sale. */
export function scenarioTraffic(
  scenario: Scenario,
  sinceStartMs: number,
): number {
  const sale = flashSaleAt(scenario, sinceStartMs);
  if (!sale) return 1;
  const shape = sale.phase < 0.1 ? sale.phase / 0.1 : 1 - (sale.phase - 0.1);
  return 1 + (FLASH_SALE.trafficPeak - 1) * Math.max(0, shape);
}

/** The share of bad records the scenario forces at this point, or 0. */
export function scenarioBadRatio(
  scenario: Scenario,
  sinceStartMs: number,
): number {
  if (scenario !== "outage") return 0;
  return activeWindow(sinceStartMs, OUTAGE) ? OUTAGE.badRatio : 0;
}

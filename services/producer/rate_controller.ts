/**
 * The storefront's daily rhythm: a multiplier on the base event rate for a
 * simulated instant (UTC), quiet at night, busy at lunch, peaking in the
 * evening, with a lift at weekends. Averages 1 over a weekday.
 */

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Multiplier at the quietest hour, before normalisation. */
export const NIGHT_FLOOR = 0.2;
/** Saturdays and Sundays get this much more traffic. */
export const WEEKEND_LIFT = 1.3;

/** A bump centred on `centre` hours with width `width`, wrapping around midnight. */
function bump(hour: number, centre: number, width: number): number {
  const d = Math.min(Math.abs(hour - centre), 24 - Math.abs(hour - centre));
  return Math.exp(-(d * d) / (2 * width * width));
}

function rawCurve(hour: number): number {
  return NIGHT_FLOOR + 0.55 * bump(hour, 13, 3.2) + 1.5 * bump(hour, 20.5, 2.3);
}

const MEAN = (() => {
  let sum = 0;
  const steps = 24 * 60;
  for (let i = 0; i < steps; i++) sum += rawCurve((i / steps) * 24);
  return sum / steps;
})();

/** The time-of-day multiplier for an hour in [0, 24): mean 1 over a day. */
export function dayCurve(hour: number): number {
  return rawCurve(hour) / MEAN;
}

/** The traffic multiplier at simulated time `simMs` (epoch ms, UTC). */
export function trafficMultiplier(simMs: number): number {
  const hour = (((simMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const weekday = new Date(simMs).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? WEEKEND_LIFT : 1;
  return dayCurve(hour) * weekend;
}

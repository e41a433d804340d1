/** Number and time formats shared by the server render and the browser, fixed to en-US so both agree. */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", {
  notation: "compact",
  maximumFractionDigits: 1,
});

export function formatInt(n: number): string {
  return Math.abs(n) >= 100_000 ? compact.format(n) : integer.format(n);
}

export function formatMoney(n: number, currency = "USD"): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    maximumFractionDigits: n >= 10_000 ? 0 : 2,
  }).format(n);
}

export function formatPercent(r: number | null, digits = 1): string {
  return r === null ? "–" : `${(r * 100).toFixed(digits)}%`;
}

export function formatRate(n: number | null): string {
  if (n === null) return "–";
  return n >= 100 ? integer.format(n) : n.toFixed(1);
}

/** `HH:MM` in UTC: the pipeline's windows are UTC minutes. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

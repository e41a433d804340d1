/**
 * The cart abandonment panel: what is known live (open carts and their
 * value, from the processor's tasks) and abandonment once sessions end,
 * which cannot be known before a session gap has passed.
 */
import { DEFAULT_SESSION_GAP_MS, MINUTE_MS } from "../shared/time.ts";
import { latestTaskClocks } from "./task_clocks.ts";
import { ratio, recent, type WindowIndex } from "./windows.ts";

/**
 * Colours of the abandonment rate, stated on the panel. Storefronts abandon
 * 60-75 % of carts (and the generator is tuned to that), so above 75 % is
 * worth a look and above 85 % is unusual; fewer than `minCarts` ended carts
 * are too few to colour at all.
 */
export const ABANDONMENT_TONE = {
  warnAbove: 0.75,
  badAbove: 0.85,
  minCarts: 20,
} as const;

export type Tone = "good" | "warn" | "bad";

export interface CartPanel {
  /** Open carts summed over the tasks' latest reports; null before any report. */
  open: { carts: number; value: number } | null;
  /** Carts of sessions that ended in the last 15 minutes. */
  carts: number;
  abandoned: number;
  rate: number | null;
  tone: Tone | undefined;
  /** Abandonment per minute for the hour; null where no cart ended (a gap, not 0 %). */
  trend: { t: number; v: number | null }[];
  sessionGapMs: number;
  /**
   * While no cart has ended: the event time at which the first figure can
   * appear. A session that started in the first window seen ends a session
   * gap later, and is counted once that window closes (its end plus the
   * allowed lateness).
   */
  firstFigureAt: number | null;
}

export function abandonmentTone(rate: number | null, carts: number) {
  if (rate === null || carts < ABANDONMENT_TONE.minCarts) return undefined;
  if (rate > ABANDONMENT_TONE.badAbove) return "bad";
  if (rate > ABANDONMENT_TONE.warnAbove) return "warn";
  return "good";
}

export function cartPanel(
  index: WindowIndex,
  endMs: number,
  nowMs: number,
): CartPanel {
  const clocks = [...latestTaskClocks(index, nowMs).values()];
  const reporting = clocks.filter((c) => c.open_carts !== undefined);
  const open = reporting.length === 0 ? null : {
    carts: reporting.reduce((s, c) => s + (c.open_carts ?? 0), 0),
    value: Math.round(
      reporting.reduce((s, c) => s + (c.open_cart_value ?? 0), 0) * 100,
    ) / 100,
  };
  const sessionGapMs = clocks.find((c) => c.session_gap_ms)?.session_gap_ms ??
    DEFAULT_SESSION_GAP_MS;
  const latenessMs = clocks.find((c) => c.lateness_ms !== undefined)
    ?.lateness_ms ?? 0;

  let carts = 0;
  let abandoned = 0;
  for (const w of recent(index.cart_abandonment, endMs, 15)) {
    carts += w.value.carts;
    abandoned += w.value.abandoned;
  }
  const byStart = new Map(
    (index.cart_abandonment ?? []).map((w) => [Date.parse(w.window_start), w]),
  );
  const trend: CartPanel["trend"] = [];
  for (let i = 59; i >= 0; i--) {
    const t = endMs - i * MINUTE_MS;
    const w = byStart.get(t);
    trend.push({ t, v: w ? ratio(w.value.abandoned, w.value.carts) : null });
  }
  const anyEnded = (index.cart_abandonment ?? []).some((w) =>
    w.value.carts > 0
  );
  const first = index.events_per_minute?.[0];
  const rate = ratio(abandoned, carts);
  return {
    open,
    carts,
    abandoned,
    rate,
    tone: abandonmentTone(rate, carts),
    trend,
    sessionGapMs,
    firstFigureAt: anyEnded || !first
      ? null
      : Date.parse(first.window_start) + sessionGapMs + MINUTE_MS + latenessMs,
  };
}

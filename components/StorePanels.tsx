/** The store's panels: revenue, events, funnel, cart abandonment. */
import { eventsPanel, funnelPanel, revenuePanel } from "../lib/panels.ts";
import { ABANDONMENT_TONE, cartPanel } from "../lib/cart.ts";
import {
  formatClock,
  formatInt,
  formatMoney,
  formatPercent,
} from "../lib/format.ts";
import type { WindowIndex } from "../lib/windows.ts";
import { AreaChart, Bar, StackedBars } from "./charts.tsx";
import { Card, Stat } from "./Card.tsx";

interface PanelProps {
  index: WindowIndex;
  end: number;
}

/** "last full minute 19:42", or what it will be once the first one is complete. */
function minuteLabel(t: number | null, end: number): string {
  return t === null
    ? `first full minute ends ${formatClock(end + 60_000)}`
    : `last full minute ${formatClock(t)}`;
}

export function RevenueCard({ index, end }: PanelProps) {
  const p = revenuePanel(index, end);
  const currency = index.revenue_per_minute?.at(-1)?.value.currency ?? "USD";
  const minute = minuteLabel(p.lastMinute?.t ?? null, end);
  return (
    <Card title="Revenue per minute" note="last 60 minutes" class="wide">
      <div class="stats">
        <Stat
          label={minute}
          value={p.lastMinute
            ? formatMoney(p.lastMinute.revenue, currency)
            : "–"}
          testId="revenue-minute"
        />
        <Stat
          label="orders, same minute"
          value={p.lastMinute ? formatInt(p.lastMinute.orders) : "–"}
          testId="orders-minute"
        />
        <Stat
          label="revenue, 60 min"
          value={formatMoney(p.hour.revenue, currency)}
          testId="revenue-hour"
        />
        <Stat label="orders, 60 min" value={formatInt(p.hour.orders)} />
      </div>
      <AreaChart
        points={p.revenue}
        label="Revenue per minute"
        format={(v) => formatMoney(v, currency)}
      />
      <AreaChart
        points={p.orders}
        height={48}
        label="Orders per minute"
        format={formatInt}
        class="thin orders"
      />
    </Card>
  );
}

const TYPE_LABELS: Record<string, string> = {
  game_page_viewed: "views",
  wishlist_action: "wishlist",
  cart_action: "cart",
  purchase: "purchases",
  search_performed: "searches",
};

export function EventsCard({ index, end }: PanelProps) {
  const p = eventsPanel(index, end);
  const last = p.lastMinute;
  return (
    <Card
      title="Events per minute"
      note={last
        ? `${formatInt(last.total)} in the ${minuteLabel(last.t, end)}`
        : minuteLabel(null, end)}
    >
      <StackedBars
        series={p.series.map((s) => ({ key: s.type, points: s.points }))}
        label="Events per minute by type"
        format={formatInt}
      />
      <ul class="legend">
        {p.series.map((s) => (
          <li key={s.type}>
            <i class={`swatch ${s.type}`} />
            {TYPE_LABELS[s.type]}{" "}
            <b>{last ? formatInt(last.byType[s.type]) : "–"}</b>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function FunnelCard({ index, end }: PanelProps) {
  const steps = funnelPanel(index, end);
  const first = steps[0].sessions;
  return (
    <Card title="Conversion funnel" note="distinct sessions, last 15 minutes">
      <ol class="funnel" data-testid="funnel">
        {steps.map((s) => (
          <li key={s.step}>
            <span class="funnel-step">{s.step}</span>
            <span class="funnel-count" data-testid={`funnel-${s.step}`}>
              {formatInt(s.sessions)}
            </span>
            <Bar fraction={first > 0 ? s.sessions / first : 0} />
            <span class="funnel-rate" title="share of viewing sessions">
              {s.step === "viewed" ? "" : formatPercent(s.share)}
            </span>
          </li>
        ))}
      </ol>
      <p class="foot" data-testid="funnel-note">
        Each session counts once per step, in the minute it first got there;
        {" "}
        percentages are shares of viewing sessions (most carts skip the
        wishlist). {first > 0
          ? `${
            formatPercent(steps.at(-1)!.share)
          } of viewing sessions purchased.`
          : "No game page viewed yet."}
      </p>
    </Card>
  );
}

export function CartCard({ index, end, now }: PanelProps & { now: number }) {
  const p = cartPanel(index, end, now);
  const gap = Math.round(p.sessionGapMs / 60_000);
  const threshold = `amber above ${
    formatPercent(ABANDONMENT_TONE.warnAbove, 0)
  }, red above ${
    formatPercent(ABANDONMENT_TONE.badAbove, 0)
  }, from ${ABANDONMENT_TONE.minCarts} carts`;
  let explain: string;
  if (p.rate !== null) {
    explain = `Sessions end after ${gap} min without events; ${threshold}.`;
  } else if (p.firstFigureAt !== null && p.firstFigureAt > end) {
    explain =
      `Sessions end after ${gap} min without events; first figure about ${
        formatClock(p.firstFigureAt)
      } UTC.`;
  } else {
    explain =
      `No session with a cart ended in the last 15 minutes (sessions end after ${gap} min without events).`;
  }
  return (
    <Card title="Cart abandonment" note="ended sessions, last 15 minutes">
      <div class="stats">
        <Stat
          label="open carts now"
          value={p.open ? formatInt(p.open.carts) : "–"}
          testId="open-carts"
        />
        <Stat
          label="in open carts"
          value={p.open ? formatMoney(p.open.value) : "–"}
          testId="open-cart-value"
        />
        <Stat
          label="abandoned"
          value={formatPercent(p.rate)}
          tone={p.tone}
          testId="abandonment"
        />
        <Stat label="carts ended" value={formatInt(p.carts)} />
      </div>
      <AreaChart
        points={p.trend}
        height={60}
        label="Abandonment rate per minute (gaps: no cart ended)"
        format={(v) => formatPercent(v, 0)}
        class="thin warnline"
      />
      <p class="foot" data-testid="cart-note">{explain}</p>
    </Card>
  );
}

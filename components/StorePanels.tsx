/** The store's panels: revenue, events, funnel, cart abandonment. */
import {
  cartPanel,
  eventsPanel,
  funnelPanel,
  revenuePanel,
} from "../lib/panels.ts";
import { formatInt, formatMoney, formatPercent } from "../lib/format.ts";
import type { WindowIndex } from "../lib/windows.ts";
import { AreaChart, Bar, StackedBars } from "./charts.tsx";
import { Card, Stat } from "./Card.tsx";

interface PanelProps {
  index: WindowIndex;
  end: number;
}

export function RevenueCard({ index, end }: PanelProps) {
  const p = revenuePanel(index, end);
  const currency = index.revenue_per_minute?.at(-1)?.value.currency ?? "USD";
  return (
    <Card title="Revenue per minute" note="last 60 minutes" class="wide">
      <div class="stats">
        <Stat
          label="last full minute"
          value={formatMoney(p.lastMinute.revenue, currency)}
          testId="revenue-minute"
        />
        <Stat
          label="orders, last minute"
          value={formatInt(p.lastMinute.orders)}
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
  return (
    <Card
      title="Events per minute"
      note={`${formatInt(p.lastMinute)} in the last full minute`}
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
            {TYPE_LABELS[s.type]} <b>{formatInt(s.points.at(-1)?.v ?? 0)}</b>
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
    <Card title="Conversion funnel" note="sessions, last 15 minutes">
      <ol class="funnel" data-testid="funnel">
        {steps.map((s) => (
          <li key={s.step}>
            <span class="funnel-step">{s.step}</span>
            <span class="funnel-count" data-testid={`funnel-${s.step}`}>
              {formatInt(s.sessions)}
            </span>
            <Bar fraction={first > 0 ? s.sessions / first : 0} />
            <span class="funnel-rate" title="from the previous step">
              {s.fromPrevious === null
                ? ""
                : `${formatPercent(s.fromPrevious)} ↓`}
            </span>
          </li>
        ))}
      </ol>
      <p class="foot">
        Overall {formatPercent(steps.at(-1)!.fromFirst)}{" "}
        of viewing sessions purchased.
      </p>
    </Card>
  );
}

export function CartCard({ index, end }: PanelProps) {
  const p = cartPanel(index, end);
  const tone = p.rate === null
    ? undefined
    : p.rate > 0.75
    ? "bad"
    : p.rate > 0.5
    ? "warn"
    : "good";
  return (
    <Card title="Cart abandonment" note="last 15 minutes">
      <div class="stats">
        <Stat
          label="abandoned"
          value={formatPercent(p.rate)}
          tone={tone}
          testId="abandonment"
        />
        <Stat label="carts ended" value={formatInt(p.carts)} />
      </div>
      <AreaChart
        points={p.trend}
        height={60}
        label="Abandonment rate per minute"
        format={(v) => formatPercent(v, 0)}
        class="thin warnline"
      />
    </Card>
  );
}

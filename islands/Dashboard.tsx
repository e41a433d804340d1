/** The live dashboard: every store and pipeline panel, fed by one SSE stream. */
import { useComputed, useSignal } from "@preact/signals";
import { useLiveSnapshot, useNow } from "../lib/live.ts";
import type { Snapshot } from "../lib/types.ts";
import { indexWindows, seriesEnd } from "../lib/windows.ts";
import { searchPanel, trendingPanel } from "../lib/panels.ts";
import { pipelinePanel } from "../lib/pipeline.ts";
import { eventTimePanel } from "../lib/event_time.ts";
import { DEFAULT_THRESHOLDS } from "../services/monitor/alerts.ts";
import type { MonitorState } from "../lib/monitor_types.ts";
import { formatInt, formatPercent } from "../lib/format.ts";
import { Card, Stat } from "../components/Card.tsx";
import {
  CartCard,
  EventsCard,
  FunnelCard,
  RevenueCard,
} from "../components/StorePanels.tsx";
import { TrendingTable } from "../components/TrendingTable.tsx";
import { PipelineCard } from "../components/PipelineCard.tsx";
import { SemanticsBadge } from "../components/SemanticsBadge.tsx";
import { latestSemantics } from "../lib/semantics.ts";

export interface Props {
  initial: Snapshot;
  /** The server's latest broker poll and alerts. */
  monitor: MonitorState | null;
  /** Server time at render, so the first browser render matches. */
  now: number;
}

const STATUS_TEXT = {
  connecting: "connecting…",
  live: "live",
  reconnecting: "stream down, reconnecting…",
};

export default function Dashboard(
  { initial, monitor: renderedMonitor, now: renderedAt }: Props,
) {
  const live = useLiveSnapshot(initial, renderedMonitor);
  const now = useNow(renderedAt);
  const trendBy = useSignal<"views" | "purchases">("views");
  const queryList = useSignal<"all" | "zero">("all");
  const index = useComputed(() => indexWindows(live.windows.value.values()));
  const end = useComputed(() => seriesEnd(index.value, now.value));
  const pipeline = useComputed(() => pipelinePanel(index.value, now.value));
  const eventTime = useComputed(() => eventTimePanel(index.value, now.value));
  const trending = useComputed(() =>
    trendingPanel(index.value, end.value, trendBy.value)
  );
  const search = useComputed(() => searchPanel(index.value, end.value));
  const semantics = useComputed(() =>
    latestSemantics(live.windows.value.values())
  );
  const queries = useComputed(() =>
    queryList.value === "all"
      ? search.value.topQueries
      : search.value.topZeroQueries
  );
  const alerts = live.monitor.value?.alerts ?? [];
  const status = live.status.value;
  const figures = search.value;

  return (
    <div class="dash">
      <div class="statusbar">
        <SemanticsBadge semantics={semantics.value} />
        <span
          class={`conn ${status}`}
          data-testid="connection"
          role="status"
        >
          <i class="dot" /> {STATUS_TEXT[status]}
        </span>
        <span
          class={`alert-count ${alerts.length ? "on" : ""}`}
          data-testid="alert-count"
        >
          {alerts.length
            ? `${alerts.length} alert${alerts.length > 1 ? "s" : ""}`
            : "no alerts"}
        </span>
      </div>
      <div class="grid">
        <RevenueCard index={index.value} end={end.value} />
        <EventsCard index={index.value} end={end.value} />
        <FunnelCard index={index.value} end={end.value} />
        <Card title="Trending games" note="last 15 minutes">
          <div class="tabs" role="tablist">
            {(["views", "purchases"] as const).map((by) => (
              <button
                type="button"
                role="tab"
                key={by}
                aria-selected={trendBy.value === by}
                class={trendBy.value === by ? "on" : ""}
                data-testid={`trend-${by}`}
                onClick={() => trendBy.value = by}
              >
                by {by}
              </button>
            ))}
          </div>
          <div data-testid="trending" data-by={trendBy.value}>
            <TrendingTable games={trending.value} by={trendBy.value} />
          </div>
        </Card>
        <CartCard index={index.value} end={end.value} now={now.value} />
        <Card title="Search effectiveness" note="last 15 minutes">
          <div class="stats">
            <Stat label="searches" value={formatInt(figures.searches)} />
            <Stat
              label="zero results"
              value={formatPercent(figures.zeroRate)}
              tone={figures.zeroRate !== null && figures.zeroRate > 0.2
                ? "warn"
                : undefined}
            />
            <Stat
              label="click-through"
              value={formatPercent(figures.clickThrough)}
            />
            <Stat
              label="conversion"
              value={formatPercent(figures.conversion)}
            />
          </div>
          <div class="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={queryList.value === "all"}
              class={queryList.value === "all" ? "on" : ""}
              onClick={() => queryList.value = "all"}
            >
              top queries
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={queryList.value === "zero"}
              class={queryList.value === "zero" ? "on" : ""}
              data-testid="zero-queries"
              onClick={() => queryList.value = "zero"}
            >
              zero-result queries
            </button>
          </div>
          {queries.value.length === 0
            ? <p class="empty">No searches yet.</p>
            : (
              <ol class="queries" data-testid="queries">
                {queries.value.map((q) => (
                  <li key={q.query}>
                    <span class="query">{q.query}</span>
                    <b>{formatInt(q.count)}</b>
                  </li>
                ))}
              </ol>
            )}
        </Card>
        <PipelineCard
          eventTime={eventTime.value}
          p={pipeline.value}
          monitor={live.monitor.value}
          maxLag={DEFAULT_THRESHOLDS.maxLag}
        />
      </div>
    </div>
  );
}

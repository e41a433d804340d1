/** The live dashboard: every store and pipeline panel, fed by one SSE stream. */
import { useMemo, useState } from "preact/hooks";
import { useLiveWindows, useNow } from "../services/dashboard/client/live.ts";
import type { Snapshot } from "../services/dashboard/view/types.ts";
import { indexWindows, seriesEnd } from "../services/dashboard/view/windows.ts";
import {
  searchPanel,
  trendingPanel,
} from "../services/dashboard/view/panels.ts";
import { pipelinePanel } from "../services/dashboard/view/pipeline.ts";
import { eventTimePanel } from "../services/dashboard/view/event_time.ts";
import { DEFAULT_THRESHOLDS } from "../services/dashboard/alerts.ts";
import type { MonitorState } from "../services/dashboard/view/monitor_types.ts";
import { formatInt, formatPercent } from "../services/dashboard/view/format.ts";
import { Card, Stat } from "../components/Card.tsx";
import {
  CartCard,
  EventsCard,
  FunnelCard,
  RevenueCard,
} from "../components/StorePanels.tsx";
import { TrendingTable } from "../components/TrendingTable.tsx";
import { PipelineCard } from "../components/PipelineCard.tsx";

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
  const live = useLiveWindows(initial, renderedMonitor);
  const now = useNow(renderedAt);
  const [trendBy, setTrendBy] = useState<"views" | "purchases">("views");
  const [queryList, setQueryList] = useState<"all" | "zero">("all");
  const index = useMemo(() => indexWindows(live.windows.values()), [
    live.windows,
  ]);
  const end = seriesEnd(index, now);
  const pipeline = pipelinePanel(index, now);
  const eventTime = eventTimePanel(index, now);
  const alerts = live.monitor?.alerts ?? [];
  const trending = trendingPanel(index, end, trendBy);
  const search = searchPanel(index, end);
  const queries = queryList === "all"
    ? search.topQueries
    : search.topZeroQueries;

  return (
    <div class="dash">
      <div class="statusbar">
        <span
          class={`conn ${live.status}`}
          data-testid="connection"
          role="status"
        >
          <i class="dot" /> {STATUS_TEXT[live.status]}
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
        <RevenueCard index={index} end={end} />
        <EventsCard index={index} end={end} />
        <FunnelCard index={index} end={end} />
        <Card title="Trending games" note="last 15 minutes">
          <div class="tabs" role="tablist">
            {(["views", "purchases"] as const).map((by) => (
              <button
                type="button"
                role="tab"
                key={by}
                aria-selected={trendBy === by}
                class={trendBy === by ? "on" : ""}
                data-testid={`trend-${by}`}
                onClick={() => setTrendBy(by)}
              >
                by {by}
              </button>
            ))}
          </div>
          <div data-testid="trending" data-by={trendBy}>
            <TrendingTable games={trending} by={trendBy} />
          </div>
        </Card>
        <CartCard index={index} end={end} now={now} />
        <Card title="Search effectiveness" note="last 15 minutes">
          <div class="stats">
            <Stat label="searches" value={formatInt(search.searches)} />
            <Stat
              label="zero results"
              value={formatPercent(search.zeroRate)}
              tone={search.zeroRate !== null && search.zeroRate > 0.2
                ? "warn"
                : undefined}
            />
            <Stat
              label="click-through"
              value={formatPercent(search.clickThrough)}
            />
            <Stat label="conversion" value={formatPercent(search.conversion)} />
          </div>
          <div class="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={queryList === "all"}
              class={queryList === "all" ? "on" : ""}
              onClick={() => setQueryList("all")}
            >
              top queries
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={queryList === "zero"}
              class={queryList === "zero" ? "on" : ""}
              data-testid="zero-queries"
              onClick={() => setQueryList("zero")}
            >
              zero-result queries
            </button>
          </div>
          {queries.length === 0
            ? <p class="empty">No searches yet.</p>
            : (
              <ol class="queries" data-testid="queries">
                {queries.map((q) => (
                  <li key={q.query}>
                    <span class="query">{q.query}</span>
                    <b>{formatInt(q.count)}</b>
                  </li>
                ))}
              </ol>
            )}
        </Card>
        <PipelineCard
          p={pipeline}
          eventTime={eventTime}
          monitor={live.monitor}
          maxLag={DEFAULT_THRESHOLDS.maxLag}
        />
      </div>
    </div>
  );
}

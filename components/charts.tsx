/** Small SVG charts: no chart library, drawn the same on the server and in the browser. */
import type { ComponentChildren } from "preact";
import { formatClock } from "../lib/format.ts";

const W = 600;

export interface Point {
  t: number;
  v: number;
}

function scaleMax(values: number[]): number {
  const max = Math.max(0, ...values);
  if (max === 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / step) * step;
}

function TimeAxis({ points }: { points: { t: number }[] }) {
  if (points.length === 0) return null;
  const mid = points[Math.floor(points.length / 2)];
  return (
    <div class="axis">
      <span>{formatClock(points[0].t)}</span>
      <span>{formatClock(mid.t)}</span>
      <span>{formatClock(points.at(-1)!.t)} UTC</span>
    </div>
  );
}

/** The frame every time chart shares: the scale's top label, the SVG, the time axis. */
function ChartFrame(
  { cls = "", top, label, height, points, children }: {
    cls?: string;
    top: string;
    label: string;
    height: number;
    points: { t: number }[];
    children: ComponentChildren;
  },
) {
  return (
    <figure class={`chart ${cls}`.trim()}>
      <div class="chart-scale">
        <span>{top}</span>
      </div>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={label}
        class="chart-svg"
        height={height}
      >
        {children}
      </svg>
      <TimeAxis points={points} />
    </figure>
  );
}

export interface AreaChartProps {
  /** A null value is a gap: no line is drawn through it. */
  points: { t: number; v: number | null }[];
  height?: number;
  label: string;
  format: (v: number) => string;
  class?: string;
}

/** Runs of consecutive points with a value, with their positions. */
function segments(
  points: { v: number | null }[],
): { i: number; v: number }[][] {
  const runs: { i: number; v: number }[][] = [];
  let run: { i: number; v: number }[] = [];
  points.forEach(({ v }, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push({ i, v });
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** A filled line over time with its peak labelled; gaps where values are null. */
export function AreaChart(
  { points, height = 140, label, format, class: cls = "" }: AreaChartProps,
) {
  const max = scaleMax(points.flatMap((p) => p.v === null ? [] : [p.v]));
  const dx = W / Math.max(1, points.length - 1);
  const y = (v: number) => height - (v / max) * (height - 4);
  const runs = segments(points);
  const line = runs.map((run) =>
    run.map(({ i, v }, k) =>
      `${k === 0 ? "M" : "L"}${(i * dx).toFixed(1)},${y(v).toFixed(1)}`
    ).join("")
  ).join("");
  const area = runs.map((run) => {
    const x0 = (run[0].i * dx).toFixed(1);
    const x1 = (run.at(-1)!.i * dx).toFixed(1);
    return `${
      run.map(({ i, v }, k) =>
        `${k === 0 ? "M" : "L"}${(i * dx).toFixed(1)},${y(v).toFixed(1)}`
      ).join("")
    }L${x1},${height}L${x0},${height}Z`;
  }).join("");
  return (
    <ChartFrame
      cls={cls}
      top={runs.length === 0 ? "" : format(max)}
      label={label}
      height={height}
      points={points}
    >
      <line class="grid" x1="0" x2={W} y1={y(max / 2)} y2={y(max / 2)} />
      {runs.length > 0 && <path class="area" d={area} />}
      {runs.length > 0 && <path class="line" d={line} />}
    </ChartFrame>
  );
}

export interface StackedBarsProps {
  series: { key: string; points: Point[] }[];
  height?: number;
  label: string;
  format: (v: number) => string;
}

/** Bars per minute, stacked by series. */
export function StackedBars(
  { series, height = 140, label, format }: StackedBarsProps,
) {
  const n = series[0]?.points.length ?? 0;
  const totals = Array.from(
    { length: n },
    (_, i) => series.reduce((s, x) => s + x.points[i].v, 0),
  );
  const max = scaleMax(totals);
  const bw = W / Math.max(1, n);
  const bars = [];
  for (let i = 0; i < n; i++) {
    let top = height;
    for (const s of series) {
      const h = (s.points[i].v / max) * (height - 4);
      if (h <= 0) continue;
      top -= h;
      bars.push(
        <rect
          class={`seg ${s.key}`}
          x={(i * bw + bw * 0.12).toFixed(1)}
          width={(bw * 0.76).toFixed(1)}
          y={top.toFixed(1)}
          height={h.toFixed(1)}
        >
          <title>
            {`${formatClock(s.points[i].t)} ${s.key}: ${s.points[i].v}`}
          </title>
        </rect>,
      );
    }
  }
  return (
    <ChartFrame
      top={format(max)}
      label={label}
      height={height}
      points={series[0]?.points ?? []}
    >
      <line class="grid" x1="0" x2={W} y1={height / 2} y2={height / 2} />
      {bars}
    </ChartFrame>
  );
}

/** A tiny trend line for a table row. */
export function Sparkline(
  { values, label }: { values: number[]; label: string },
) {
  const w = 80;
  const h = 20;
  const max = Math.max(1, ...values);
  const dx = w / Math.max(1, values.length - 1);
  const d = values.map((v, i) =>
    `${i === 0 ? "M" : "L"}${(i * dx).toFixed(1)},${
      (h - 1 - (v / max) * (h - 2)).toFixed(1)
    }`
  ).join("");
  return (
    <svg class="spark" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <path d={d} />
    </svg>
  );
}

/** A horizontal bar filled to `fraction` (0..1). */
export function Bar(
  { fraction, class: cls = "" }: { fraction: number; class?: string },
) {
  const f = Math.max(0, Math.min(1, fraction));
  return (
    <svg class={`bar ${cls}`} viewBox="0 0 100 10" preserveAspectRatio="none">
      <rect class="bar-bg" x="0" y="0" width="100" height="10" rx="2" />
      <rect
        class="bar-fg"
        x="0"
        y="0"
        width={(f * 100).toFixed(2)}
        height="10"
        rx="2"
      />
    </svg>
  );
}

/**
 * Lab 9's view of the dashboard's `/metrics` (Prometheus text format): the
 * few figures its checks compare with the broker, parsed from the page as a
 * scraper would read it.
 */

export interface ExposedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of a text exposition; comments and blank lines are skipped. */
export function parseExposition(text: string): ExposedSample[] {
  const samples: ExposedSample[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = line.match(SAMPLE);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) {
      labels[key] = value.replace(/\\(.)/g, (_, c) => c === "n" ? "\n" : c);
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export interface MetricsView {
  url: string;
  /** Why the page could not be read. */
  error?: string;
  /** `pipeline_group_members`, when exposed. */
  members: number | null;
  /** `pipeline_consumer_lag` series and their sum. */
  lagSeries: number;
  totalLag: number;
  /** `pipeline_alert` by rule: 1 while it holds. */
  alerts: Record<string, number>;
  /** `pipeline_dead_letters_last_hour`, when exposed. */
  deadLetters: number | null;
}

/** The figures lab 9 checks, from one `/metrics` page. */
export function metricsView(url: string, text: string): MetricsView {
  const samples = parseExposition(text);
  const one = (name: string) => {
    const found = samples.filter((s) => s.name === name);
    return found.length > 0 ? found.reduce((sum, s) => sum + s.value, 0) : null;
  };
  const lag = samples.filter((s) => s.name === "pipeline_consumer_lag");
  return {
    url,
    members: one("pipeline_group_members"),
    lagSeries: lag.length,
    totalLag: lag.reduce((sum, s) => sum + s.value, 0),
    alerts: Object.fromEntries(
      samples.filter((s) => s.name === "pipeline_alert").map((
        s,
      ) => [s.labels.rule, s.value]),
    ),
    deadLetters: one("pipeline_dead_letters_last_hour"),
  };
}

/** Reads `url` (the dashboard's /metrics) within a few seconds; never throws. */
export async function scrapeMetrics(url: string): Promise<MetricsView> {
  const empty = {
    url,
    members: null,
    lagSeries: 0,
    totalLag: 0,
    alerts: {},
    deadLetters: null,
  };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    const text = await res.text();
    if (!res.ok) return { ...empty, error: `HTTP ${res.status}` };
    return metricsView(url, text);
  } catch (error) {
    return { ...empty, error: (error as Error).message };
  }
}

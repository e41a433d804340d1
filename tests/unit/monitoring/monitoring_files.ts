/** The monitoring profile's files (monitoring/), read for tests, and the metric names a PromQL expression uses. */
const MONITORING = new URL("../../../monitoring/", import.meta.url);
const file = (path: string) => new URL(path, MONITORING).pathname;

export const PROMETHEUS_DIR = file("prometheus/");
export const PROMETHEUS_CONFIG = file("prometheus/prometheus.yml");
export const ALERT_RULES = file("prometheus/alerts.yml");
export const ALERT_RULES_TEST = file("prometheus/alerts_test.yml");
export const GRAFANA_DATASOURCE = file(
  "grafana/provisioning/datasources/prometheus.yml",
);
export const GRAFANA_PROVIDER = file(
  "grafana/provisioning/dashboards/pipeline.yml",
);
export const GRAFANA_DASHBOARD = file("grafana/dashboards/pipeline.json");
export const COMPOSE_FILE =
  new URL("../../../docker-compose.yml", import.meta.url).pathname;

export interface GrafanaTarget {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}

export interface GrafanaPanel {
  id: number;
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: GrafanaTarget[];
}

export async function grafanaPanels(): Promise<GrafanaPanel[]> {
  const dashboard = JSON.parse(await Deno.readTextFile(GRAFANA_DASHBOARD));
  return dashboard.panels;
}

/** The expressions of alerts.yml, one `expr:` line per rule. */
export async function alertExpressions(): Promise<string[]> {
  const text = await Deno.readTextFile(ALERT_RULES);
  return [...text.matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1].trim());
}

/** The words of PromQL that are neither functions (they are followed by "(") nor metric names. */
const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "inf",
  "nan",
]);

/**
 * The metric names `expr` selects: strings, label matchers, ranges and
 * grouping label lists are removed first, so label names and values are not
 * taken for metrics; a word followed by "(" is a function or an aggregation.
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(
      /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g,
      " ",
    );
  const names = new Set<string>();
  for (const m of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*|\d[\w.]*/g)) {
    const word = m[0];
    if (/^\d/.test(word) || KEYWORDS.has(word.toLowerCase())) continue;
    if (/^\s*\(/.test(bare.slice(m.index + word.length))) continue;
    names.add(word);
  }
  return [...names];
}

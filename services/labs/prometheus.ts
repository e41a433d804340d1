/**
 * A real Prometheus from our config (monitoring/prometheus/): a temporary
 * folder for its config and data, a free port, and the dashboard's `/metrics`
 * as its one target. Lab 9 starts one; the Prometheus integration test too.
 */
import { join } from "node:path";
import { deadline } from "../../shared/deadline.ts";
import { pollUntil } from "../../shared/poll.ts";

const MONITORING = new URL("../../monitoring/prometheus/", import.meta.url);
export const PROMETHEUS_CONFIG = new URL("prometheus.yml", MONITORING).pathname;
export const ALERT_RULES = new URL("alerts.yml", MONITORING).pathname;
/** Debian's package (`apt-get install -y prometheus`). */
export const PROMETHEUS_BIN = "/usr/bin/prometheus";

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface PromAlert {
  labels: Record<string, string>;
  state: "pending" | "firing";
}

export interface RunningPrometheus {
  url: string;
  /** An instant query; throws with Prometheus's error when it does not evaluate. */
  query(expr: string): Promise<Sample[]>;
  alerts(): Promise<PromAlert[]>;
  /** The last lines Prometheus logged, for a failure's message. */
  log(): string;
  /** Stops it and deletes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** The binary. @default PROMETHEUS_BIN */
  bin?: string;
  /** Scrape and rule evaluation interval, as Prometheus writes it. @default "1s" */
  interval?: string;
}

async function api<T>(url: string, path: string): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = await res.json();
  if (body.status !== "success") {
    throw new Error(`Prometheus ${path}: ${body.errorType}: ${body.error}`);
  }
  return body.data;
}

/** An instant query of the Prometheus at `url`; throws with its error when it does not evaluate. */
export async function queryPrometheus(
  url: string,
  expr: string,
): Promise<Sample[]> {
  const data = await api<
    { result: { metric: Record<string, string>; value: [number, string] }[] }
  >(url, `/api/v1/query?query=${encodeURIComponent(expr)}`);
  return data.result.map((r) => ({
    metric: r.metric,
    value: Number(r.value[1]),
  }));
}

/** The pending and firing alerts of the Prometheus at `url`. */
export async function prometheusAlerts(url: string): Promise<PromAlert[]> {
  return (await api<{ alerts: PromAlert[] }>(url, "/api/v1/alerts")).alerts;
}

/** The binary when installed (Debian's path, else on PATH), or null. */
export async function findPrometheus(): Promise<string | null> {
  for (const candidate of [PROMETHEUS_BIN, "prometheus"]) {
    try {
      const { success } = await new Deno.Command(candidate, {
        args: ["--version"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (success) return candidate;
    } catch { /* not there */ }
  }
  return null;
}

/** Our prometheus.yml with `target` (host:port) as the only target, scraped every `interval`. */
export async function prometheusConfig(
  target: string,
  interval = "1s",
): Promise<string> {
  let text = await Deno.readTextFile(PROMETHEUS_CONFIG);
  const swap = (pattern: RegExp, to: string) => {
    const found = text.match(new RegExp(pattern, "gm"))?.length ?? 0;
    if (found !== 1) {
      throw new Error(
        `Cannot adapt ${PROMETHEUS_CONFIG}: expected one ${pattern}, found ${found}`,
      );
    }
    text = text.replace(pattern, to);
  };
  swap(/scrape_interval: \S+/, `scrape_interval: ${interval}`);
  swap(/evaluation_interval: \S+/, `evaluation_interval: ${interval}`);
  swap(/targets: \[[^\]]*\]/, `targets: [${JSON.stringify(target)}]`);
  return text;
}

/** A port free at this moment on loopback. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts Prometheus scraping `target` with our rules; resolves once it is ready. */
export async function startPrometheus(
  target: string,
  options: PrometheusOptions = {},
): Promise<RunningPrometheus> {
  const { bin = PROMETHEUS_BIN, interval = "1s" } = options;
  const dir = await Deno.makeTempDir({ prefix: "prometheus-" });
  await Deno.writeTextFile(
    join(dir, "prometheus.yml"),
    await prometheusConfig(target, interval),
  );
  await Deno.copyFile(ALERT_RULES, join(dir, "alerts.yml"));
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = new Deno.Command(bin, {
    args: [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let logged = "";
  const reading = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(chunk) {
        logged = (logged + chunk).slice(-8_000);
      },
    }),
  ).catch(() => {});
  let exited: Deno.CommandStatus | undefined;
  const status = child.status.then((s) => (exited = s));

  let stopped: Promise<void> | undefined;
  const running: RunningPrometheus = {
    url,
    query: (expr) => queryPrometheus(url, expr),
    alerts: () => prometheusAlerts(url),
    log: () => logged,
    stop() {
      stopped ??= (async () => {
        if (!exited) {
          child.kill("SIGTERM");
          await deadline(status, 10_000).catch(() => {
            if (!exited) child.kill("SIGKILL");
            return status;
          });
        }
        await reading;
        await Deno.remove(dir, { recursive: true }).catch(() => {});
      })();
      return stopped;
    },
  };
  try {
    await pollUntil(async () => {
      if (exited) {
        throw new Error(`Prometheus exited with ${exited.code}:\n${logged}`);
      }
      try {
        const res = await fetch(`${url}/-/ready`);
        await res.body?.cancel();
        return res.status === 200;
      } catch {
        return false;
      }
    }, { timeoutMs: 20_000, intervalMs: 100, what: "Prometheus to be ready" });
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}

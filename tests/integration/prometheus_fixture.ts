/**
 * A real Prometheus (Debian's /usr/bin/prometheus) for integration tests: a
 * temporary data folder, a free port, and a config made from ours
 * (monitoring/prometheus/) that scrapes a given target every second.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { deadline } from "../../shared/deadline.ts";
import { pollUntil } from "../../shared/poll.ts";
import {
  ALERT_RULES,
  PROMETHEUS_CONFIG,
} from "../unit/monitoring/monitoring_files.ts";
import { PROMETHEUS_BIN, requireTool } from "../unit/monitoring/promtool.ts";

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
  stop(): Promise<void>;
}

/** Our prometheus.yml with `target` as the only target and 1 s scrapes and evaluations. */
export async function testConfig(target: string): Promise<string> {
  let text = await Deno.readTextFile(PROMETHEUS_CONFIG);
  const swap = (pattern: RegExp, to: string) => {
    const found = text.match(new RegExp(pattern, "gm"))?.length ?? 0;
    assert.equal(found, 1, `prometheus.yml has one ${pattern}`);
    text = text.replace(pattern, to);
  };
  swap(/scrape_interval: \S+/, "scrape_interval: 1s");
  swap(/evaluation_interval: \S+/, "evaluation_interval: 1s");
  swap(/targets: \[[^\]]*\]/, `targets: [${JSON.stringify(target)}]`);
  return text;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Starts Prometheus scraping `target` (host:port) with our rules; resolves once it is ready. */
export async function startPrometheus(
  target: string,
): Promise<RunningPrometheus> {
  const bin = await requireTool(PROMETHEUS_BIN);
  const dir = await Deno.makeTempDir({ prefix: "prometheus-test-" });
  await Deno.writeTextFile(
    join(dir, "prometheus.yml"),
    await testConfig(target),
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

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${url}${path}`);
    const body = await res.json();
    if (body.status !== "success") {
      throw new Error(`Prometheus ${path}: ${body.errorType}: ${body.error}`);
    }
    return body.data;
  }

  const running: RunningPrometheus = {
    url,
    async query(expr) {
      const data = await api<
        {
          result: { metric: Record<string, string>; value: [number, string] }[];
        }
      >(`/api/v1/query?query=${encodeURIComponent(expr)}`);
      return data.result.map((r) => ({
        metric: r.metric,
        value: Number(r.value[1]),
      }));
    },
    async alerts() {
      return (await api<{ alerts: PromAlert[] }>("/api/v1/alerts")).alerts;
    },
    log: () => logged,
    async stop() {
      if (!exited) {
        child.kill("SIGTERM");
        await deadline(status, 10_000).catch(() => {
          if (!exited) child.kill("SIGKILL");
          return status;
        });
      }
      await reading;
      await Deno.remove(dir, { recursive: true });
    },
  };
  try {
    await pollUntil(async () => {
      if (exited) {
        throw new Error(`Prometheus exited with ${exited.code}:\n${logged}`);
      }
      try {
        return (await fetch(`${url}/-/ready`)).status === 200;
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

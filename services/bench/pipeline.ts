/** Starting the dashboard and the processor for a stage and waiting until they are ready. */
import type { Admin } from "kafkajs";
import { TimeoutError } from "../../shared/deadline.ts";
import { pollUntil } from "../../shared/poll.ts";
import type { BenchContext, StageTopics } from "./context.ts";
import { freePort, type ServiceProcess } from "./children.ts";

async function until(
  what: string,
  service: ServiceProcess,
  timeoutMs: number,
  signal: AbortSignal,
  ready: () => Promise<boolean>,
): Promise<void> {
  try {
    await pollUntil(async () => {
      if (service.exited) {
        throw new Error(
          `${service.name} exited while ${what}; last output:\n${service.tail()}`,
        );
      }
      return await ready().catch(() => false);
    }, { timeoutMs, intervalMs: 250, signal, what });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    throw new Error(
      `${service.name} was not ready after ${timeoutMs} ms (${what}); last output:\n${service.tail()}`,
    );
  }
}

export interface RunningDashboard {
  service: ServiceProcess;
  url: string;
}

/** Starts the dashboard on a free port and waits until /healthz answers 200. */
export async function startDashboard(
  ctx: BenchContext,
  topics: StageTopics,
): Promise<RunningDashboard> {
  const port = freePort();
  const service = ctx.start(
    "dashboard",
    [],
    topics.env({
      DASHBOARD_HOST: "127.0.0.1",
      DASHBOARD_PORT: String(port),
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await until("waiting for /healthz", service, 90_000, ctx.signal, async () => {
    const response = await fetch(`${url}/healthz`);
    await response.body?.cancel();
    return response.ok;
  });
  return { service, url };
}

/** True once the group is stable with at least one member holding partitions. */
export async function groupStable(admin: Admin, groupId: string) {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  return group?.state === "Stable" && group.members.length > 0;
}

/** Starts one processor instance and waits until its consumer group is stable. */
export async function startProcessor(
  ctx: BenchContext,
  topics: StageTopics,
): Promise<ServiceProcess> {
  const env = topics.env();
  const service = ctx.start("process", [], env);
  await until(
    "waiting for its consumer group",
    service,
    90_000,
    ctx.signal,
    () => groupStable(ctx.admin, env.PROCESSOR_GROUP_ID),
  );
  return service;
}

/** The project's services as the bench runs them: each module straight under `deno run`. */
import { type RunningService, spawnService } from "../../shared/supervisor.ts";

export { waitForExit } from "../../shared/supervisor.ts";

/** The module behind each `deno task` the bench starts (kept in step with deno.json by a test). */
export const SERVICE_MODULES = {
  produce: "services/producer/main.ts",
  process: "services/processor/main.ts",
  dashboard: "services/dashboard/main.ts",
} as const;
export type ServiceName = keyof typeof SERVICE_MODULES;

/** A service the bench started; `name` is its task name. */
export type ServiceProcess = RunningService & { name: ServiceName };

/**
 * Starts `deno run -A <module> ...args` in `root` with `env` added to ours.
 * Running the module directly (not through `deno task`) makes `pid` the
 * service itself, so its memory can be read from /proc.
 */
export function startService(
  root: string,
  name: ServiceName,
  args: string[],
  env: Record<string, string>,
): ServiceProcess {
  const service = spawnService(
    { name, args: ["run", "-A", SERVICE_MODULES[name], ...args] },
    { cwd: root, env },
  );
  return service as ServiceProcess;
}

/** A TCP port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** The project's services run as child processes, as `deno task <name>` would run them. */

/** The module behind each `deno task` the bench starts (kept in step with deno.json by a test). */
export const SERVICE_MODULES = {
  produce: "services/producer/main.ts",
  process: "services/processor/main.ts",
  dashboard: "services/dashboard/main.ts",
} as const;
export type ServiceName = keyof typeof SERVICE_MODULES;

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  /** Resolves with the exit status; never rejects. */
  exited: Promise<Deno.CommandStatus>;
  /** The last lines the process wrote to stdout and stderr. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<Deno.CommandStatus>;
}

const TAIL_LINES = 60;

async function keepTail(
  stream: ReadableStream<Uint8Array>,
  lines: string[],
): Promise<void> {
  const decoder = new TextDecoder();
  let partial = "";
  for await (const chunk of stream) {
    const parts = (partial + decoder.decode(chunk, { stream: true })).split(
      "\n",
    );
    partial = parts.pop() ?? "";
    lines.push(...parts);
    if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
  }
  if (partial) lines.push(partial);
}

/**
 * Starts `deno run -A <module> ...args` in `root` with `env` added to ours.
 * Running the module directly (not through `deno task`) makes `pid` the
 * service itself, so its memory can be read from /proc.
 */
export function spawnService(
  root: string,
  name: ServiceName,
  args: string[],
  env: Record<string, string>,
): ServiceProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SERVICE_MODULES[name], ...args],
    cwd: root,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const drained = Promise.all([
    keepTail(child.stdout, lines),
    keepTail(child.stderr, lines),
  ]).catch(() => {});
  const exited = child.status.then(async (status) => {
    await drained;
    return status;
  });
  let stopping: Promise<Deno.CommandStatus> | undefined;
  return {
    name,
    pid: child.pid,
    exited,
    tail: () => lines.join("\n"),
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        const timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch { /* already gone */ }
        }, graceMs);
        const status = await exited;
        clearTimeout(timer);
        return status;
      })();
      return stopping;
    },
  };
}

/** Waits for a service to exit on its own within `timeoutMs`; throws with its last output otherwise. */
export async function waitForExit(
  service: ServiceProcess,
  timeoutMs: number,
): Promise<Deno.CommandStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const result = await Promise.race([service.exited, timeout]);
  clearTimeout(timer);
  if (result === "timeout") {
    await service.stop(2_000);
    throw new Error(
      `${service.name} did not finish within ${timeoutMs} ms; last output:\n${service.tail()}`,
    );
  }
  if (!result.success) {
    throw new Error(
      `${service.name} exited with ${result.code}; last output:\n${service.tail()}`,
    );
  }
  return result;
}

/** A TCP port nobody listens on right now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

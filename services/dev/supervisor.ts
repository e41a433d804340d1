/** Runs the services as child processes, relays their output line by line, and stops them. */
import type { ServiceCommand } from "./args.ts";
import { type ExitStatus } from "./format.ts";
import { createLineSplitter } from "./lines.ts";

export interface RunningService {
  name: string;
  child: Deno.ChildProcess;
  /** Resolves once the process has exited and its output is relayed. */
  done: Promise<ExitStatus>;
  exited: boolean;
}

export interface SpawnOptions {
  /** The program to run: Deno itself, so that `deno task` works without PATH. */
  executable: string;
  cwd: string;
  /** Added to the inherited environment. @default {} */
  env?: Record<string, string>;
  /**
   * Run the service in a session of its own (through `setsid`), so that the
   * terminal's Ctrl-C reaches only the supervisor, which then sends exactly
   * one SIGTERM. @default false
   */
  isolate?: boolean;
  /** Receives every output line, stdout and stderr alike. */
  onLine: (line: string) => void;
}

async function relay(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
) {
  const splitter = createLineSplitter();
  const decoder = new TextDecoder();
  for await (const bytes of stream) {
    splitter.push(decoder.decode(bytes, { stream: true })).forEach(onLine);
  }
  splitter.push(decoder.decode()).forEach(onLine);
  splitter.flush().forEach(onLine);
}

/** Starts one service with piped output. */
export function spawnService(
  service: ServiceCommand,
  options: SpawnOptions,
): RunningService {
  const [program, args] = options.isolate
    ? ["setsid", [options.executable, ...service.args]]
    : [options.executable, service.args];
  const child = new Deno.Command(program, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const running: RunningService = {
    name: service.name,
    child,
    exited: false,
    done: Promise.resolve({ code: 0, signal: null }),
  };
  running.done = (async () => {
    const [status] = await Promise.all([
      child.status,
      relay(child.stdout, options.onLine),
      relay(child.stderr, options.onLine),
    ]);
    running.exited = true;
    return { code: status.code, signal: status.signal };
  })();
  return running;
}

/** Every process below `pid` (Linux /proc; empty elsewhere). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
        const ppid = Number(
          stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1],
        );
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry.name)]);
      } catch { /* exited meanwhile */ }
    }
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function signal(pid: number, sig: Deno.Signal) {
  try {
    Deno.kill(pid, sig);
  } catch { /* already gone */ }
}

/** Resolves when every service has exited or `ms` has passed, whichever is first. */
async function allExited(services: RunningService[], ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.all(services.map((s) => s.done)), deadline]);
  clearTimeout(timer);
}

export interface StopOptions {
  /** How long services get to stop before they are killed. */
  timeoutMs: number;
  /**
   * The services already got a signal (a terminal's Ctrl-C reaches the whole
   * process group): give them this long before sending SIGTERM, because a
   * second signal means "exit now" to a service. @default 0
   */
  graceMs?: number;
}

/**
 * Sends SIGTERM to every running service (`deno task` forwards it to the
 * service), waits up to `timeoutMs`, then kills what is left, process tree
 * and all. Resolves with the names of the services that had to be killed.
 */
export async function stopServices(
  services: RunningService[],
  options: StopOptions,
): Promise<string[]> {
  const running = services.filter((s) => !s.exited);
  const graceMs = Math.min(options.graceMs ?? 0, options.timeoutMs);
  if (graceMs > 0) await allExited(running, graceMs);
  for (const service of running.filter((s) => !s.exited)) {
    signal(service.child.pid, "SIGTERM");
  }
  await allExited(running, options.timeoutMs - graceMs);
  const stuck = running.filter((s) => !s.exited);
  for (const service of stuck) {
    const tree = descendants(service.child.pid);
    signal(service.child.pid, "SIGKILL");
    tree.forEach((pid) => signal(pid, "SIGKILL"));
  }
  await Promise.all(stuck.map((s) => s.done));
  return stuck.map((s) => s.name);
}

/**
 * The one child-process supervisor, for `dev` and `bench`: starts a service
 * with piped output, relays it line by line, keeps its last lines, and stops
 * it with SIGTERM, then SIGKILL for it and its children after a grace period.
 */
import { deadline, settledWithin, TimeoutError } from "./deadline.ts";
import { createLineSplitter } from "./line_splitter.ts";
import { killTree, signalProcess } from "./process_tree.ts";

export interface ServiceCommand {
  /** Names the service in output and errors. */
  name: string;
  /** Arguments to the executable: `["task", "produce"]`, `["run", "-A", "x.ts"]`. */
  args: string[];
}

export interface ExitStatus {
  code: number;
  signal: string | null;
}

export interface SpawnOptions {
  /** The program to run. @default Deno.execPath(), so that no PATH is needed */
  executable?: string;
  cwd: string;
  /** Added to the inherited environment. @default {} */
  env?: Record<string, string>;
  /**
   * Run the service in a session of its own (through `setsid`), so that the
   * terminal's Ctrl-C reaches only the supervisor, which then sends exactly
   * one SIGTERM. @default false
   */
  isolate?: boolean;
  /** Receives every output line, stdout and stderr alike. @default none */
  onLine?: (line: string) => void;
  /** How many of the last output lines {@linkcode RunningService.tail} keeps. @default 60 */
  tailLines?: number;
}

export interface RunningService {
  name: string;
  child: Deno.ChildProcess;
  pid: number;
  /** Resolves once the process has exited and its output is relayed; never rejects. */
  done: Promise<ExitStatus>;
  exited: boolean;
  /** True once {@linkcode RunningService.stop} had to SIGKILL it. */
  killed: boolean;
  /** The last output lines, joined. */
  tail(): string;
  /** SIGTERM, then SIGKILL of its process tree after `graceMs`; resolves on exit. Safe to call twice. @default graceMs 10000 */
  stop(graceMs?: number): Promise<ExitStatus>;
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
  const { executable = Deno.execPath(), tailLines = 60 } = options;
  const [program, args] = options.isolate
    ? ["setsid", [executable, ...service.args]]
    : [executable, service.args];
  const child = new Deno.Command(program, {
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > tailLines) lines.shift();
    options.onLine?.(line);
  };
  let stopping: Promise<ExitStatus> | undefined;
  const running: RunningService = {
    name: service.name,
    child,
    pid: child.pid,
    exited: false,
    killed: false,
    done: Promise.all([
      child.status,
      relay(child.stdout, onLine).catch(() => {}),
      relay(child.stderr, onLine).catch(() => {}),
    ]).then(([status]) => {
      running.exited = true;
      return { code: status.code, signal: status.signal };
    }),
    tail: () => lines.join("\n"),
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (running.exited) return await running.done;
        signalProcess(child.pid, "SIGTERM");
        if (!await settledWithin(running.done, graceMs)) {
          running.killed = true;
          killTree(child.pid);
        }
        return await running.done;
      })();
      return stopping;
    },
  };
  return running;
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
 * Stops every running service (`deno task` forwards the SIGTERM to the
 * service) within `timeoutMs` in all, killing what is left with its process
 * tree. Resolves with the names of the services that had to be killed.
 */
export async function stopServices(
  services: RunningService[],
  options: StopOptions,
): Promise<string[]> {
  const running = services.filter((s) => !s.exited);
  const graceMs = Math.min(options.graceMs ?? 0, options.timeoutMs);
  if (graceMs > 0) {
    await settledWithin(Promise.all(running.map((s) => s.done)), graceMs);
  }
  await Promise.all(
    running.map((s) => s.stop(options.timeoutMs - graceMs)),
  );
  return running.filter((s) => s.killed).map((s) => s.name);
}

/**
 * Waits for a service to exit on its own within `timeoutMs`. Throws with its
 * last output when it does not (stopping it) or when it exits with an error.
 */
export async function waitForExit(
  service: RunningService,
  timeoutMs: number,
): Promise<ExitStatus> {
  let status: ExitStatus;
  try {
    status = await deadline(service.done, timeoutMs);
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    await service.stop(2_000);
    throw new Error(
      `${service.name} did not finish within ${timeoutMs} ms; last output:\n${service.tail()}`,
    );
  }
  if (status.code !== 0) {
    throw new Error(
      `${service.name} exited with ${status.code}; last output:\n${service.tail()}`,
    );
  }
  return status;
}

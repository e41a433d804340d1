/**
 * What an unattended lab run does for the learner: start and stop the
 * project's own tasks (`deno task produce`, `process`, `verify` ...) as child
 * processes with the lab's environment, and clean up whatever it started.
 */
import { createLineSplitter } from "../../shared/line_splitter.ts";
import type { LabClients } from "./snapshot.ts";

const ROOT = new URL("../../", import.meta.url);

/** The `deno task` names a lab may run, and their entry points. */
export const TASK_SCRIPTS = {
  topics: "services/topics/main.ts",
  produce: "services/producer/main.ts",
  process: "services/processor/main.ts",
  verify: "services/processor/verify.ts",
  offsets: "services/offsets/main.ts",
  reset: "services/reset/main.ts",
  dlq: "services/dlq/main.ts",
  peek: "services/peek/main.ts",
  dashboard: "services/dashboard/main.ts",
  kafka: "services/broker/main.ts",
} as const;
export type TaskName = keyof typeof TASK_SCRIPTS;

export interface LabProcess {
  label: string;
  pid: number;
  /** stdout and stderr lines so far. */
  lines: string[];
  /** The exit code once it ended (128 + signal when killed). */
  exited: Promise<number>;
  kill(signal?: Deno.Signal): void;
}

export interface LabRunOptions {
  short: boolean;
  env: Record<string, string>;
  /** The lab's own view of the cluster, for actions that look before they act. */
  clients: LabClients;
  say(line: string): void;
}

export class LabRun {
  readonly short: boolean;
  readonly clients: LabClients;
  /** What steps hand over to later steps (which processor to kill, say); probes read it too. */
  readonly memory = new Map<string, unknown>();
  readonly #env: Record<string, string>;
  readonly #say: (line: string) => void;
  readonly #children = new Set<LabProcess>();
  readonly #deferred: (() => Promise<void>)[] = [];

  constructor(options: LabRunOptions) {
    this.short = options.short;
    this.clients = options.clients;
    this.#env = options.env;
    this.#say = options.say;
  }

  /** Runs `undo` at cleanup, after the children stopped (a server the lab started that is no task). */
  defer(undo: () => Promise<void>) {
    this.#deferred.push(undo);
  }

  say(line: string) {
    this.#say(line);
  }

  /** Starts `deno task <name> <args>`; it runs until it exits or the lab ends. */
  start(
    name: TaskName,
    args: string[],
    options: { label?: string; env?: Record<string, string> } = {},
  ): LabProcess {
    const label = options.label ?? name;
    this.say(`$ deno task ${name} ${args.join(" ")}`.trimEnd());
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(TASK_SCRIPTS[name], ROOT).pathname, ...args],
      env: { ...this.#env, ...options.env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const lines: string[] = [];
    const collect = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
      const splitter = createLineSplitter();
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        lines.push(...splitter.push(chunk));
      }
      lines.push(...splitter.flush());
    };
    const streams = Promise.all([collect(child.stdout), collect(child.stderr)]);
    const process: LabProcess = {
      label,
      pid: child.pid,
      lines,
      exited: child.status.then(async (status) => {
        await streams.catch(() => {});
        this.#children.delete(process);
        return status.signal ? 128 + signalNumber(status.signal) : status.code;
      }),
      kill: (signal = "SIGTERM") => {
        try {
          child.kill(signal);
        } catch { /* already gone */ }
      },
    };
    this.#children.add(process);
    return process;
  }

  /** Runs `deno task <name> <args>` to its end; throws with its output unless it exits `expectCode`. */
  async run(
    name: TaskName,
    args: string[],
    options: { env?: Record<string, string>; expectCode?: number } = {},
  ): Promise<string[]> {
    const process = this.start(name, args, options);
    const code = await process.exited;
    const expected = options.expectCode ?? 0;
    if (code !== expected) {
      throw new Error(
        `deno task ${name} ${
          args.join(" ")
        } exited ${code}, expected ${expected}:\n` +
          process.lines.slice(-30).join("\n"),
      );
    }
    return process.lines;
  }

  /** Stops everything still running: SIGTERM, then SIGKILL after 15 s. */
  async cleanup() {
    const alive = [...this.#children];
    for (const p of alive) p.kill("SIGCONT");
    for (const p of alive) p.kill("SIGTERM");
    const timer = setTimeout(
      () => alive.forEach((p) => p.kill("SIGKILL")),
      15_000,
    );
    await Promise.all(alive.map((p) => p.exited.catch(() => 0)));
    clearTimeout(timer);
    for (const undo of this.#deferred.splice(0).reverse()) {
      await undo().catch((error) =>
        this.say(`cleanup: ${(error as Error).message}`)
      );
    }
  }
}

function signalNumber(signal: Deno.Signal): number {
  const numbers: Partial<Record<Deno.Signal, number>> = {
    SIGINT: 2,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return numbers[signal] ?? 0;
}

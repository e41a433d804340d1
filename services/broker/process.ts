/** Small process and port checks the launcher needs. */
import { TimeoutError } from "../../shared/deadline.ts";
import { pollUntil } from "../../shared/poll.ts";

/** True when a process with this pid exists and has not exited (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
  } catch {
    return false;
  }
  // An exited broker whose parent has not reaped it yet still answers kill().
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(
      stat.lastIndexOf(")") + 2,
      stat.lastIndexOf(")") + 3,
    );
    return state !== "Z" && state !== "X";
  } catch {
    return true;
  }
}

/** True when the pid is a running Kafka broker (not a reused pid of another program). */
export function isKafkaProcess(pid: number): boolean {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).includes(
      "kafka.Kafka",
    );
  } catch {
    return false;
  }
}

/** True when nothing listens on host:port. */
export function portFree(hostname: string, port: number): boolean {
  try {
    Deno.listen({ hostname, port }).close();
    return true;
  } catch {
    return false;
  }
}

/** Runs a command to completion, returning its exit status and output. */
export async function run(
  cmd: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ ok: boolean; code: number; output: string }> {
  try {
    const { code, stdout, stderr } = await new Deno.Command(cmd, {
      args,
      cwd: options.cwd,
      stdout: "piped",
      stderr: "piped",
      stdin: "null",
    }).output();
    const decoder = new TextDecoder();
    return {
      ok: code === 0,
      code,
      output: decoder.decode(stdout) + decoder.decode(stderr),
    };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { ok: false, code: 127, output: `${cmd}: not found` };
    }
    throw error;
  }
}

/** True when `cmd` can be run (found on PATH). */
export async function commandExists(
  cmd: string,
  versionArg = "--version",
): Promise<boolean> {
  return (await run(cmd, [versionArg])).code !== 127;
}

/** Waits until `check` returns true, polling; false if `timeoutMs` passes first. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 250,
): Promise<boolean> {
  try {
    await pollUntil(check, { timeoutMs, intervalMs, what: "the broker" });
    return true;
  } catch (error) {
    if (error instanceof TimeoutError) return false;
    throw error;
  }
}

/** The real producer and processor as child processes, for end-to-end tests. */
import { fileURLToPath } from "node:url";
import type { Config } from "../../shared/config.ts";
import { serviceEnv } from "../integration/fixture.ts";
import { ARTIFACTS } from "./browser.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Service {
  name: string;
  /** Sends a signal (e.g. SIGSTOP, SIGCONT) without waiting. */
  signal(signal: Deno.Signal): void;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<Deno.CommandStatus>;
}

/** Runs `services/<name>/main.ts` with the test's config; its output goes to tests/artifacts/<log>.log. */
export async function startService(
  name: "producer" | "processor",
  config: Config,
  args: string[],
  log: string,
): Promise<Service> {
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  const file = await Deno.open(new URL(`${log}.log`, ARTIFACTS), {
    write: true,
    create: true,
    truncate: true,
  });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `services/${name}/main.ts`, ...args],
    cwd: ROOT,
    env: serviceEnv(config, { NO_COLOR: "1", LOG_LEVEL: "info" }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Both streams into one file, chunk by chunk, in arrival order.
  let queue = Promise.resolve();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      queue = queue.then(() => file.write(chunk).then(() => {}));
    }
  };
  const written = Promise.all([pump(child.stdout), pump(child.stderr)])
    .then(() => queue)
    .finally(() => file.close());
  let stopped: Promise<Deno.CommandStatus> | undefined;
  return {
    name,
    signal(signal) {
      child.kill(signal);
    },
    stop() {
      stopped ??= (async () => {
        try {
          // A stopped process would not act on SIGTERM.
          child.kill("SIGCONT");
          child.kill("SIGTERM");
        } catch { /* already gone */ }
        const status = await child.status;
        await written.catch(() => {});
        return status;
      })();
      return stopped;
    },
  };
}

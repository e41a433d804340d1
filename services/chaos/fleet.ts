/** The drill's processor instances: child processes it starts, kills, stops and resumes. */
import { type ServiceProcess, startService } from "../bench/children.ts";
import { PROJECT_ROOT } from "../broker/launcher.ts";

export interface Instance {
  id: string;
  service: ServiceProcess;
}

export class Fleet {
  readonly #env: Record<string, string>;
  readonly #running: Instance[] = [];
  readonly #all: Instance[] = [];
  #next = 1;

  constructor(env: Record<string, string>) {
    this.#env = env;
  }

  get running(): readonly Instance[] {
    return this.#running;
  }

  start(args: string[] = []): Instance {
    const id = `chaos-p${this.#next++}`;
    const service = startService(
      PROJECT_ROOT,
      "process",
      // One member per instance: the drill kills and counts members by instance.
      ["--instance-id", id, "--workers", "1", ...args],
      this.#env,
    );
    const instance: Instance = { id, service };
    this.#running.push(instance);
    this.#all.push(instance);
    return instance;
  }

  pick(target: number): Instance {
    if (this.#running.length === 0) throw new Error("No processor is running");
    return this.#running[target % this.#running.length];
  }

  /** `kill -9`: the instance's work in hand is lost, its transaction left open. */
  kill(instance: Instance) {
    this.#forget(instance);
    try {
      Deno.kill(instance.service.pid, "SIGKILL");
    } catch { /* already gone */ }
  }

  async remove(instance: Instance) {
    this.#forget(instance);
    await instance.service.stop(30_000);
  }

  suspend(instance: Instance) {
    Deno.kill(instance.service.pid, "SIGSTOP");
  }

  resume(instance: Instance) {
    Deno.kill(instance.service.pid, "SIGCONT");
  }

  /** Instances that exited although nobody stopped them, with their last lines. */
  crashed(): Instance[] {
    return this.#running.filter((i) => i.service.exited);
  }

  async stopAll() {
    for (const instance of this.#all) {
      try {
        Deno.kill(instance.service.pid, "SIGCONT");
      } catch { /* gone */ }
    }
    await Promise.all(this.#running.map((i) => i.service.stop(30_000)));
    this.#running.length = 0;
    for (const instance of this.#all) await instance.service.stop(1_000);
  }

  #forget(instance: Instance) {
    const at = this.#running.indexOf(instance);
    if (at >= 0) this.#running.splice(at, 1);
  }
}

/** `--until-caught-up`: the store topics' high watermarks seen at start, and whether tasks reached them. */
import type { Admin } from "kafkajs";
import { partitionOffsets } from "../../shared/offsets.ts";
import type { Task } from "./task.ts";

/** What a worker tells the main thread: whether its tasks are caught up, and which they are. */
export interface CatchUpReport {
  caughtUp: boolean;
  tasks: number[];
}

export class CatchUpTargets {
  readonly #topics: readonly string[];
  readonly #targets = new Map<string, number[]>();

  constructor(topics: readonly string[]) {
    this.#topics = topics;
  }

  async load(admin: Admin) {
    for (const topic of this.#topics) {
      const ranges = await partitionOffsets(admin, topic);
      this.#targets.set(topic, ranges.map((r) => r.high));
    }
  }

  /** True when every task has committed all it has and reached the targets of its index. */
  reached(tasks: readonly Task[]): boolean {
    return tasks.every((task) =>
      task.caughtUp(
        this.#topics.map((topic) =>
          this.#targets.get(topic)?.[task.index] ?? 0
        ),
      )
    );
  }
}

/** A task's failed commit, with where it stood, for the log line and the poison rule. */

/** A failed commit, with where the task stood: topic offsets for the log line. */
export class TaskFailure extends Error {
  constructor(
    readonly task: number,
    readonly committed: number[],
    readonly positions: number[],
    override readonly cause: unknown,
  ) {
    super(
      `Cannot commit task ${task} (offsets ${committed.join(",")} -> ${
        positions.join(",")
      }): ${(cause as Error)?.message ?? cause}`,
    );
    this.name = "TaskFailure";
  }
}

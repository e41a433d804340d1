/**
 * The delivery semantics an instance runs under (`--semantics`), and the
 * crash point of the semantics drill (`--crash-at-commit N`): the instance
 * kills itself, as `kill -9` would, in the middle of its Nth commit that
 * moves input offsets (work in hand), where the first half of the work is
 * done and the second is not.
 */
import type { DeliverySemantics } from "../../shared/schemas/names.ts";
import type { Logger } from "../../shared/log.ts";

export interface Delivery {
  semantics: DeliverySemantics;
  /** Called between the two halves of every commit that moves input offsets. */
  midway(): void;
}

export function newDelivery(options: {
  semantics: DeliverySemantics;
  crashAtCommit: number | null;
  /** The instance's count of such commits, shared by its worker threads. */
  commitCount?: Int32Array;
  logger: Logger;
}): Delivery {
  const { semantics, crashAtCommit, logger } = options;
  const count = options.commitCount ?? newCommitCount();
  return {
    semantics,
    midway() {
      if (crashAtCommit === null) return;
      const commit = Atomics.add(count, 0, 1) + 1;
      if (commit !== crashAtCommit) return;
      logger.error("crash point reached: killing this instance (SIGKILL)", {
        commit,
        semantics,
        half_done: HALF_DONE[semantics],
      });
      Deno.kill(Deno.pid, "SIGKILL");
    },
  };
}

/** A counter that worker threads share (a SharedArrayBuffer survives postMessage as shared memory). */
export function newCommitCount(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** What is done when the crash point is reached, per semantics. */
const HALF_DONE: Record<DeliverySemantics, string> = {
  "exactly-once": "outputs sent in an open transaction, not committed",
  "at-least-once": "outputs written, input offsets not committed",
  "at-most-once": "input offsets committed, outputs not written",
};

/** How often at-least-once commits input offsets, as Kafka's `auto.commit.interval.ms`. */
export const OFFSET_COMMIT_INTERVAL_MS = 5_000;

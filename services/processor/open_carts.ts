/** What a task's open sessions hold in their carts now: a gauge for pipeline_health, not a window. */
import { isAbandoned, openCartCents } from "./session.ts";
import type { TaskState } from "./task_state_type.ts";

/** Sessions not yet ended with something in their cart, and its value. */
export interface OpenCarts {
  carts: number;
  cents: number;
}

/** What the task's open sessions hold in their carts now (a gauge, not a window). */
export function openCarts(state: TaskState): OpenCarts {
  let carts = 0;
  let cents = 0;
  for (const session of state.sessions.values()) {
    if (!isAbandoned(session)) continue;
    carts++;
    cents += openCartCents(session);
  }
  return { carts, cents };
}

/** Lab watchers without a broker: the real catalog, snapshots that fail if ever taken. */
import { LabWatchers } from "../../../services/labs/watch.ts";
import { createLogger } from "../../../shared/log.ts";

export function idleLabs(): LabWatchers {
  return new LabWatchers({
    observe: () => ({
      take: () => Promise.reject(new Error("no broker in unit tests")),
    }),
    logger: createLogger("test", "silent"),
  });
}

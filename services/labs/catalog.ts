/** Every lab, in the README's order: what `deno task lab --list` and the Labs page show. */
import type { Lab } from "./model.ts";
import { crashLab } from "./labs/crash.ts";
import { groupsLab } from "./labs/groups.ts";
import { offsetsLab } from "./labs/offsets.ts";
import { partitionsLab } from "./labs/partitions.ts";
import { deadLettersLab } from "./labs/dead_letters.ts";
import { monitoringLab } from "./labs/monitoring.ts";
import { replicationLab } from "./labs/replication.ts";
import { semanticsLab } from "./labs/semantics.ts";
import { windowsLab } from "./labs/windows.ts";

export const LABS: readonly Lab[] = [
  partitionsLab,
  groupsLab,
  crashLab,
  offsetsLab,
  semanticsLab,
  deadLettersLab,
  windowsLab,
  replicationLab,
  monitoringLab,
].sort((a, b) => a.number - b.number);

/** A lab by id or number (`crash`, `3`). */
export function findLab(name: string): Lab | undefined {
  return LABS.find((lab) => lab.id === name || String(lab.number) === name);
}

/** Every lab, in the README's order: what `deno task lab --list` and the Labs page show. */
import type { Lab } from "./model.ts";
import { monitoringLab } from "./labs/monitoring.ts";
import { replicationLab } from "./labs/replication.ts";
import { semanticsLab } from "./labs/semantics.ts";

export const LABS: readonly Lab[] = [
  semanticsLab,
  replicationLab,
  monitoringLab,
].sort((a, b) => a.number - b.number);

/** A lab by id or number (`crash`, `3`). */
export function findLab(name: string): Lab | undefined {
  return LABS.find((lab) => lab.id === name || String(lab.number) === name);
}

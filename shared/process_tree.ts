/** Finding and signalling the processes a child left below it (Linux /proc). */

/** Every process below `pid` (Linux /proc; empty elsewhere). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
        const ppid = Number(
          stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1],
        );
        children.set(ppid, [...(children.get(ppid) ?? []), Number(entry.name)]);
      } catch { /* exited meanwhile */ }
    }
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Sends `signal` to `pid`; a process that is already gone is no error. */
export function signalProcess(pid: number, signal: Deno.Signal) {
  try {
    Deno.kill(pid, signal);
  } catch { /* already gone */ }
}

/** SIGKILL to `pid` and everything below it, the tree read before the first kill. */
export function killTree(pid: number) {
  const tree = descendants(pid);
  signalProcess(pid, "SIGKILL");
  tree.forEach((child) => signalProcess(child, "SIGKILL"));
}

/**
 * The one-`dev`-at-a-time lock: a file in `.kafka/` naming the running dev's
 * pid and dashboard URL, so that a second `deno task dev` can say where the
 * first one is instead of starting a second producer and processor.
 */

export interface DevLockHolder {
  pid: number;
  /** The dashboard the holder serves. */
  url: string;
  /** The holder's start time in clock ticks since boot (Linux), telling a reused pid apart. */
  startTicks: number | null;
}

export type DevLock =
  | { acquired: true; release(): void }
  | { acquired: false; holder: DevLockHolder };

/** When the process `pid` started, from /proc (null where there is no /proc). */
export function startTicks(pid: number): number | null {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    // Field 22, counted after the command name, which may contain spaces.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  } catch {
    return null;
  }
}

function alive(holder: DevLockHolder): boolean {
  try {
    Deno.kill(holder.pid, "SIGCONT");
  } catch {
    return false;
  }
  const ticks = startTicks(holder.pid);
  return ticks === null || holder.startTicks === null ||
    ticks === holder.startTicks;
}

function read(path: string): DevLockHolder | null {
  try {
    return JSON.parse(Deno.readTextFileSync(path)) as DevLockHolder;
  } catch {
    return null;
  }
}

export interface DevLockOptions {
  /** Where the lock lives, e.g. `.kafka/dev.lock`. */
  path: string;
  /** The dashboard URL this dev serves, shown to a second one. */
  url: string;
  /** The pid written into the lock. @default Deno.pid */
  pid?: number;
}

/**
 * Takes the lock, or reports who holds it. A lock whose process has exited
 * (or whose pid now belongs to another program) is stale and taken over.
 */
export function acquireDevLock(options: DevLockOptions): DevLock {
  const { path, url, pid = Deno.pid } = options;
  const mine: DevLockHolder = { pid, url, startTicks: startTicks(pid) };
  // Linking a complete file into place makes the lock appear with its
  // contents, so a second dev never reads a half-written one.
  const draft = `${path}.${pid}`;
  Deno.writeTextFileSync(draft, JSON.stringify(mine));
  try {
    return take(path, draft, pid);
  } finally {
    Deno.removeSync(draft);
  }
}

function take(path: string, draft: string, pid: number): DevLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      Deno.linkSync(draft, path);
      return {
        acquired: true,
        release() {
          if (read(path)?.pid === pid) Deno.removeSync(path);
        },
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    const holder = read(path);
    if (holder && alive(holder)) return { acquired: false, holder };
    try {
      Deno.removeSync(path);
    } catch { /* another dev cleared the stale lock first */ }
  }
  throw new Error(`Cannot take the dev lock: ${path} keeps reappearing`);
}

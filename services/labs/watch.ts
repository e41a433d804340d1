/**
 * The dashboard's lab watchers: at most one per lab, each taking a snapshot
 * every `pollMs` only while a page holds its lease (every poll of the page
 * renews it), and stopping when no page asked for `leaseMs`. The progress is
 * kept while paused, so a reloaded page goes on where it was; `restart()`
 * takes a new baseline.
 */
import { settledWithin } from "../../shared/deadline.ts";
import type { Logger } from "../../shared/log.ts";
import type { LabProgress } from "../../lib/labs_types.ts";
import { LABS } from "./catalog.ts";
import type { Lab, Snapshot } from "./model.ts";
import { closeProbes } from "./probes.ts";
import {
  advanceProgress,
  beginProgress,
  type Progress,
  progressView,
} from "./progress.ts";
import { type LabClients, Observer } from "./snapshot.ts";

export interface SnapshotSource {
  take(): Promise<Snapshot>;
}

export interface LabWatchersOptions {
  /** A lab's snapshot source; a new one per (re)start, since it tracks the previous poll. */
  observe(lab: Lab): SnapshotSource;
  /** Releases what the sources share, once, on stop. */
  close?(): Promise<void>;
  /** @default LABS */
  labs?: readonly Lab[];
  /** Between two snapshots of a watched lab. @default 1_500 */
  pollMs?: number;
  /** A watch ends this long after the last page asked. @default 10_000 */
  leaseMs?: number;
  /** Labs watched at once. @default 3 */
  maxWatched?: number;
  logger: Logger;
  now?: () => number;
}

interface Watcher {
  lab: Lab;
  source: SnapshotSource;
  progress: Progress | null;
  error: string | null;
  leaseUntil: number;
  watching: boolean;
  /** Bumped by restart: a snapshot taken before it is dropped. */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  inFlight?: Promise<void>;
}

/** Snapshot sources reading the broker with the dashboard's clients, like `deno task lab --check`. */
export function brokerSources(
  clients: LabClients,
): Pick<LabWatchersOptions, "observe" | "close"> {
  return {
    observe: (lab) => new Observer(clients, lab),
    close: () => closeProbes(clients),
  };
}

export class LabWatchers {
  readonly #opts: Required<Omit<LabWatchersOptions, "close">>;
  readonly #close?: () => Promise<void>;
  readonly #watchers = new Map<string, Watcher>();
  #stopped = false;

  constructor(options: LabWatchersOptions) {
    const {
      labs = LABS,
      pollMs = 1_500,
      leaseMs = 10_000,
      maxWatched = 3,
      now = Date.now,
      close,
      ...rest
    } = options;
    this.#opts = { labs, pollMs, leaseMs, maxWatched, now, ...rest };
    this.#close = close;
  }

  /** Every lab the watchers know, in the catalog's order. */
  get catalog(): readonly Lab[] {
    return this.#opts.labs;
  }

  /** Between two snapshots of a watched lab. */
  get pollMs(): number {
    return this.#opts.pollMs;
  }

  /** The lab with this id, or undefined. */
  lab(id: string): Lab | undefined {
    return this.#opts.labs.find((l) => l.id === id);
  }

  /**
   * The lab's progress, or undefined for an unknown lab. With `watch`, the
   * lab is (kept) watched for another `leaseMs`; a lab not yet watched
   * beyond `maxWatched` others throws a RangeError.
   */
  view(id: string, { watch = false } = {}): LabProgress | undefined {
    const lab = this.lab(id);
    if (!lab) return undefined;
    const w = watch ? this.#renew(lab) : this.#watchers.get(id);
    return progressView(lab, w?.progress ?? null, {
      watching: w?.watching ?? false,
      error: w?.error ?? null,
    });
  }

  /** Drops the progress and takes a new baseline now (and keeps the lab watched). */
  restart(id: string): LabProgress | undefined {
    const lab = this.lab(id);
    if (!lab) return undefined;
    const w = this.#renew(lab);
    w.generation++;
    w.progress = null;
    w.error = null;
    w.source = this.#opts.observe(lab);
    if (!w.inFlight) this.#schedule(w, 0);
    return this.view(id);
  }

  /** Ids of the labs watched now. */
  watched(): string[] {
    return [...this.#watchers.values()].filter((w) => w.watching).map((w) =>
      w.lab.id
    );
  }

  /** Ends every watch and waits (at most `waitMs`) for snapshots in flight. */
  async stop(waitMs = 2_000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const inFlight: Promise<void>[] = [];
    for (const w of this.#watchers.values()) {
      clearTimeout(w.timer);
      w.watching = false;
      if (w.inFlight) inFlight.push(w.inFlight);
    }
    await settledWithin(Promise.all(inFlight), waitMs);
    await this.#close?.();
  }

  #renew(lab: Lab): Watcher {
    if (this.#stopped) {
      throw new RangeError(`Cannot watch lab ${lab.id}: the dashboard stops`);
    }
    let w = this.#watchers.get(lab.id);
    if (!w?.watching) {
      const others = this.watched().filter((id) => id !== lab.id);
      if (others.length >= this.#opts.maxWatched) {
        throw new RangeError(
          `Cannot watch lab ${lab.id}: ${others.length} labs are watched (${
            others.join(", ")
          }); close one of their pages`,
        );
      }
    }
    if (!w) {
      w = {
        lab,
        source: this.#opts.observe(lab),
        progress: null,
        error: null,
        leaseUntil: 0,
        watching: false,
        generation: 0,
      };
      this.#watchers.set(lab.id, w);
    }
    w.leaseUntil = this.#opts.now() + this.#opts.leaseMs;
    if (!w.watching) {
      w.watching = true;
      if (!w.inFlight) this.#schedule(w, 0);
    }
    return w;
  }

  /** One snapshot and the steps checked against it; never rejects (a lab's check may throw too). */
  async #observe(w: Watcher, generation: number): Promise<void> {
    try {
      const snapshot = await w.source.take();
      if (generation !== w.generation) return;
      w.progress = w.progress
        ? advanceProgress(w.lab, w.progress, snapshot)
        : beginProgress(w.lab, snapshot);
      w.error = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (w.error === null) {
        this.#opts.logger.warn("lab snapshot failed", {
          lab: w.lab.id,
          error: message,
        });
      }
      w.error = `Cannot watch lab ${w.lab.id}: ${message}`;
    }
  }

  #schedule(w: Watcher, delay: number) {
    clearTimeout(w.timer);
    if (this.#stopped) return;
    w.timer = setTimeout(() => this.#tick(w), delay);
  }

  #tick(w: Watcher) {
    if (this.#opts.now() > w.leaseUntil) {
      w.watching = false;
      this.#opts.logger.debug("lab watch paused", { lab: w.lab.id });
      return;
    }
    const generation = w.generation;
    w.inFlight = this.#observe(w, generation).finally(() => {
      w.inFlight = undefined;
      // A restart during the snapshot wants its baseline at once.
      this.#schedule(w, generation === w.generation ? this.#opts.pollMs : 0);
    });
  }
}

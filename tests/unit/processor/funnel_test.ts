/**
 * The funnel's definition: each session is credited to a step once, in the
 * window of its earliest event of that step, so any range of windows (and
 * partitions) counts each session at most once per step.
 */
import assert from "node:assert/strict";
import { openCarts } from "../../../services/processor/open_carts.ts";
import type { StoreEvent } from "../../../shared/schemas/events.ts";
import {
  type ConversionFunnelData,
  FUNNEL_STEPS,
} from "../../../shared/schemas/metrics.ts";
import { createRandom } from "../../../shared/random.ts";
import { generateEvents } from "../../../services/producer/model/generate.ts";
import { windowData } from "../../../services/processor/records.ts";
import {
  applyEvent,
  drain,
  newTaskState,
} from "../../../services/processor/task_state.ts";
import type { WindowAcc } from "../../../services/processor/window_acc.ts";
import { at, cart, GAME_A, GAME_B, purchase, T0, view } from "./events.ts";

type Funnel = ConversionFunnelData;
const time = (event: StoreEvent) => Date.parse(event.timestamp);
const minute = (t: number) => Math.floor(t / 60_000) * 60_000;

/** Final funnel per window start, summed over `partitions` tasks fed by user. */
function funnels(
  events: readonly StoreEvent[],
  partitions = 1,
  sessionGapMs?: number,
): Map<number, Funnel> {
  const states = Array.from(
    { length: partitions },
    () => newTaskState(30_000, undefined, sessionGapMs),
  );
  const closed: WindowAcc[] = [];
  for (const event of events) {
    // Keyed by user, as the producer partitions: a session stays on one task.
    const p = [...event.user_id].reduce((h, c) => h + c.charCodeAt(0), 0) %
      partitions;
    applyEvent(states[p], event, time(event), closed);
  }
  for (const state of states) drain(state, closed);
  const out = new Map<number, Funnel>();
  for (const acc of closed) {
    const sum = out.get(acc.start) ??
      { viewed: 0, wishlisted: 0, carted: 0, purchased: 0 };
    const data = windowData(acc).conversion_funnel;
    for (const step of FUNNEL_STEPS) sum[step] += data[step];
    out.set(acc.start, sum);
  }
  return out;
}

/** Which step an event reaches, if any. */
function stepOf(event: StoreEvent): keyof Funnel | null {
  switch (event.event_type) {
    case "game_page_viewed":
      return "viewed";
    case "wishlist_action":
      return event.action === "add" ? "wishlisted" : null;
    case "cart_action":
      return event.action === "add" ? "carted" : null;
    case "purchase":
      return "purchased";
    case "search_performed":
      return null;
  }
}

/** Distinct sessions with an event of each step in windows [from, to]. */
function bruteForce(events: readonly StoreEvent[], from: number, to: number) {
  const sets = Object.fromEntries(
    FUNNEL_STEPS.map((s) => [s, new Set<string>()]),
  ) as Record<keyof Funnel, Set<string>>;
  for (const event of events) {
    const step = stepOf(event);
    const w = minute(time(event));
    if (step && w >= from && w <= to) sets[step].add(event.session_id);
  }
  return Object.fromEntries(
    FUNNEL_STEPS.map((s) => [s, sets[s].size]),
  ) as Funnel;
}

function rangeSum(byWindow: Map<number, Funnel>, from: number, to: number) {
  const sum: Funnel = { viewed: 0, wishlisted: 0, carted: 0, purchased: 0 };
  for (const [start, f] of byWindow) {
    if (start < from || start > to) continue;
    for (const step of FUNNEL_STEPS) sum[step] += f[step];
  }
  return sum;
}

/** Generated events, every seventh handled up to 25 s late (within lateness). */
function generated(seed: number, count: number): StoreEvent[] {
  const events = [...generateEvents({ seed, count, rate: 20 })];
  return events
    .map((event, i) => ({
      event,
      handled: time(event) + (i % 7 === 0 ? (i * 7919) % 25_000 : 0),
    }))
    .sort((a, b) => a.handled - b.handled)
    .map(({ event }) => event);
}

Deno.test("a session viewing in nine minutes counts once over the nine", () => {
  const events = Array.from(
    { length: 9 },
    (_, i) => view(at(i * 60 + 5), "s1"),
  );
  const byWindow = funnels(events);
  assert.deepEqual(rangeSum(byWindow, T0, T0 + 8 * 60_000), {
    viewed: 1,
    wishlisted: 0,
    carted: 0,
    purchased: 0,
  });
});

Deno.test("an earlier view handled later moves the session's credit to its window", () => {
  const byWindow = funnels([view(at(70), "s1"), view(at(10), "s1")]);
  assert.equal(byWindow.get(T0)!.viewed, 1);
  assert.equal(byWindow.get(T0 + 60_000)!.viewed, 0);
});

Deno.test("a session idle past the session gap is a new session and counts again", () => {
  const events = [view(at(0), "s1"), view(at(90), "s1")];
  const short = funnels(events, 1, 60_000);
  assert.equal(rangeSum(short, T0, T0 + 60_000).viewed, 2);
  const long = funnels(events);
  assert.equal(rangeSum(long, T0, T0 + 60_000).viewed, 1);
});

Deno.test("the funnel over any range never exceeds distinct sessions per step, and equals it from the first window", () => {
  for (const [seed, partitions] of [[3, 1], [5, 3], [8, 2]]) {
    const events = generated(seed, 12_000);
    const byWindow = funnels(events, partitions);
    const starts = [...byWindow.keys()].sort((a, b) => a - b);
    const random = createRandom(seed);
    for (let i = 0; i < 200; i++) {
      const a = random.int(0, starts.length - 1);
      const b = random.int(a, starts.length - 1);
      const funnel = rangeSum(byWindow, starts[a], starts[b]);
      const brute = bruteForce(events, starts[a], starts[b]);
      for (const step of FUNNEL_STEPS) {
        assert.ok(
          funnel[step] <= brute[step],
          `seed ${seed}, ${step} over windows ${a}..${b}: ${funnel[step]} > ${
            brute[step]
          }`,
        );
      }
      // No session straddles the start of the first window.
      const fromFirst = rangeSum(byWindow, starts[0], starts[b]);
      assert.deepEqual(fromFirst, bruteForce(events, starts[0], starts[b]));
    }
  }
});

Deno.test("over the generator's paths every step is a meaningful share of viewing sessions", () => {
  const events = generated(4, 30_000);
  const total = rangeSum(funnels(events), 0, Infinity);
  assert.ok(total.carted < total.viewed && total.purchased < total.carted);
  assert.ok(total.wishlisted < total.viewed);
  // The model makes about 2-5 % of viewing sessions buy (see funnel.ts).
  const bought = total.purchased / total.viewed;
  assert.ok(bought > 0.015 && bought < 0.06, `${bought}`);
});

Deno.test("openCarts() counts sessions with something in the cart and its value", () => {
  const state = newTaskState(30_000);
  const closed: WindowAcc[] = [];
  for (
    const event of [
      cart(at(1), "s1", "add", GAME_A),
      cart(at(2), "s1", "add", GAME_B),
      cart(at(3), "s2", "add", GAME_A),
      purchase(at(4), "s2", [GAME_A]),
      cart(at(5), "s3", "add", GAME_B),
      cart(at(6), "s3", "remove", GAME_B),
    ]
  ) applyEvent(state, event, time(event), closed);
  const cents = (p: number) => Math.round(p * 100);
  assert.deepEqual(openCarts(state), {
    carts: 1,
    cents: cents(GAME_A.price) + cents(GAME_B.price),
  });
});

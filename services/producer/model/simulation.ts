/**
 * The storefront simulation: a pool of concurrent sessions on a simulated
 * clock. Each call to `next()` advances the clock by one inter-arrival gap
 * (Poisson traffic shaped by the time of day and the scenario) and lets a
 * random open session take its next step.
 */
import type { Random } from "../../../shared/random.ts";
import { DEFAULT_SESSION_GAP_MS } from "../../../shared/time.ts";
import { createRandom } from "../../../shared/random.ts";
import type { EventType, StoreEvent } from "../../../shared/schemas/events.ts";
import { trafficMultiplier } from "../rate_controller.ts";
import { SESSION_EVENT_GAP_S } from "./funnel.ts";
import { createMarket, type Market } from "./market.ts";
import { type Scenario, scenarioTraffic } from "./scenario.ts";
import { newSession, type Session, step } from "./session.ts";

/** The demo's base rate: events per wall-clock second at a multiplier of 1. */
export const DEFAULT_RATE = 50;
/** Where the simulated clock starts when the caller does not say (a Sunday morning). */
export const DEFAULT_START_MS = Date.parse("2026-11-22T08:00:00Z");

export interface SimulationOptions {
  /** Seeds every draw: same options, same events (ids included). @default 1 */
  seed?: number;
  /** Simulated time of the start, epoch ms. @default DEFAULT_START_MS */
  startMs?: number;
  /** Base events per wall-clock second; sets how fast simulated time passes per event. @default 50 */
  rate?: number;
  /** Simulated seconds per wall-clock second. @default 1 */
  speed?: number;
  /** @default "none" */
  scenario?: Scenario;
  /**
   * A shopper idle this long (simulated time) has left: their next step
   * starts a new session, as the processor would count it
   * (`PROCESSOR_SESSION_GAP_MS`). @default DEFAULT_SESSION_GAP_MS
   */
  sessionGapMs?: number;
}

export interface Simulation {
  /** Simulated time of the latest event, epoch ms (fractional). */
  readonly simMs: number;
  readonly market: Market;
  /** The next valid event of the store. */
  next(): StoreEvent;
  /**
   * A valid event of `type` from a throwaway session, drawn from `random`:
   * raw material for bad records that leaves the main sequence untouched.
   */
  sample(random: Random, type: EventType): StoreEvent;
}

const FIRST_STEP: Record<EventType, Session["next"]> = {
  game_page_viewed: "view",
  wishlist_action: "wishlist",
  cart_action: "cart_add",
  purchase: "checkout",
  search_performed: "search",
};

export function createSimulation(options: SimulationOptions = {}): Simulation {
  const {
    seed = 1,
    startMs = DEFAULT_START_MS,
    rate = DEFAULT_RATE,
    speed = 1,
    scenario = "none",
    sessionGapMs = DEFAULT_SESSION_GAP_MS,
  } = options;
  const random = createRandom(seed);
  const market = createMarket(seed, scenario, startMs);
  const pool: Session[] = [];
  /** Simulated time of each pooled session's latest event (parallel to `pool`). */
  const lastAt: number[] = [];
  let simMs = startMs;
  let timestamp = new Date(startMs).toISOString();
  market.update(simMs);
  const ctx = {
    random,
    market,
    get timestamp() {
      return timestamp;
    },
  };

  function advance(): number {
    const wallRate = rate * trafficMultiplier(simMs) *
      scenarioTraffic(scenario, simMs - startMs);
    simMs += random.exponential((1000 * speed) / wallRate);
    market.update(simMs);
    timestamp = new Date(Math.floor(simMs)).toISOString();
    // Little's law: open sessions = session arrival rate x session length.
    return Math.max(4, Math.round((wallRate / speed) * SESSION_EVENT_GAP_S));
  }

  return {
    get simMs() {
      return simMs;
    },
    market,
    next() {
      const target = advance();
      for (;;) {
        if (pool.length < target) {
          pool.push(newSession(random));
          lastAt.push(simMs);
        }
        const at = Math.floor(random.next() * pool.length);
        // Rare at the default gap (a 30-minute pause between two of a
        // session's steps), common with a short one.
        if (simMs - lastAt[at] >= sessionGapMs) pool[at] = newSession(random);
        const session = pool[at];
        const event = step(session, ctx);
        lastAt[at] = simMs;
        if (session.next === "leave") {
          pool[at] = pool[pool.length - 1];
          lastAt[at] = lastAt[lastAt.length - 1];
          pool.pop();
          lastAt.pop();
        }
        if (event) return event;
      }
    },
    sample(draw, type) {
      const local = { random: draw, market, timestamp };
      for (;;) {
        const session = newSession(draw);
        session.game = market.pick(draw);
        session.next = FIRST_STEP[type];
        if (type === "purchase") {
          session.cart = [session.game];
          session.cartPrices = [market.price(session.game)];
        }
        const event = step(session, local);
        if (event?.event_type === type) return event;
      }
    },
  };
}

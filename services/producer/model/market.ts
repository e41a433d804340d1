/**
 * What the store looks like at a simulated instant: which games draw
 * attention (Zipf-like popularity plus rising and fading trends plus flash
 * sales) and what each costs (list price, daily discounts, sale prices).
 * Recomputed once per simulated minute, so picking a game is one binary search.
 */
import { CATALOG } from "../../../shared/catalog.ts";
import { createRandom, type Random } from "../../../shared/random.ts";
import { DAY_MS, MINUTE_MS } from "../../../shared/time.ts";
import { FLASH_SALE, flashSaleAt, type Scenario } from "./scenario.ts";

/** Trends: every epoch a few games start rising, peak and fade over their life. */
export const TRENDS = {
  epochMs: 10 * MINUTE_MS,
  perEpoch: 2,
  lifeEpochs: 3,
  /** Peak extra weight, as a multiple of the top game's weight. */
  peakBoost: 1.5,
  /** Trends come from below the top ranks (0-based, inclusive-exclusive). */
  fromRank: 8,
  toRank: 160,
} as const;

/** Everyday discounts: share of games discounted on a given day, and the cuts. */
export const DAILY_DISCOUNT_SHARE = 0.08;
export const DISCOUNT_CUTS = [0.1, 0.2, 0.25, 0.33, 0.5] as const;

export interface Market {
  /** Brings weights and prices to simulated time `simMs`. */
  update(simMs: number): void;
  /** Index into CATALOG of a game drawn by current attention. */
  pick(random: Random): number;
  /** Current price of the game at `index`, in currency units with cents. */
  price(index: number): number;
  /** True while the game at `index` is in a flash sale. */
  onSale(index: number): boolean;
  /** Indices of the games in the running flash sale (empty if none). */
  saleGames(): readonly number[];
}

function mix(seed: number, salt: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
    Math.imul(salt, 0xc2b2ae35)) >>> 0;
}

function drawDistinct(random: Random, count: number, from: number, to: number) {
  const picked: number[] = [];
  while (picked.length < count) {
    const index = random.int(from, to - 1);
    if (!picked.includes(index)) picked.push(index);
  }
  return picked;
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/** Makes the market for a run; everything derives from the seed and simulated time. */
export function createMarket(
  seed: number,
  scenario: Scenario,
  startMs: number,
): Market {
  const n = CATALOG.length;
  const top = CATALOG[0].popularity;
  const weights = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const prices = new Float64Array(n);
  const sale = new Uint8Array(n);
  let saleList: number[] = [];
  let minute = Number.NaN;

  function trendBoost(simMs: number) {
    const epoch = Math.floor(simMs / TRENDS.epochMs);
    for (let e = epoch - TRENDS.lifeEpochs + 1; e <= epoch; e++) {
      const phase = (simMs - e * TRENDS.epochMs) /
        (TRENDS.lifeEpochs * TRENDS.epochMs);
      const lift = TRENDS.peakBoost * top * Math.sin(Math.PI * phase);
      const games = drawDistinct(
        createRandom(mix(seed, e)),
        TRENDS.perEpoch,
        TRENDS.fromRank,
        TRENDS.toRank,
      );
      for (const g of games) weights[g] += lift;
    }
  }

  function dailyPrices(simMs: number) {
    const random = createRandom(
      mix(seed, 0x0d15c0 + Math.floor(simMs / DAY_MS)),
    );
    for (let i = 0; i < n; i++) {
      const base = CATALOG[i].price;
      const discounted = random.chance(DAILY_DISCOUNT_SHARE);
      const cut = random.pick(DISCOUNT_CUTS);
      prices[i] = discounted ? cents(base * (1 - cut)) : base;
    }
  }

  function flashSale(simMs: number) {
    sale.fill(0);
    const window = flashSaleAt(scenario, simMs - startMs);
    saleList = window
      ? drawDistinct(
        createRandom(mix(seed, 0x5a1e + window.index)),
        FLASH_SALE.games,
        20,
        150,
      )
      : [];
    for (const g of saleList) {
      sale[g] = 1;
      prices[g] = cents(CATALOG[g].price * (1 - FLASH_SALE.discount));
      weights[g] += FLASH_SALE.popularityBoost * top;
    }
  }

  return {
    update(simMs) {
      const m = Math.floor(simMs / MINUTE_MS);
      if (m === minute) return;
      minute = m;
      for (let i = 0; i < n; i++) weights[i] = CATALOG[i].popularity;
      trendBoost(simMs);
      dailyPrices(simMs);
      flashSale(simMs);
      let sum = 0;
      for (let i = 0; i < n; i++) cumulative[i] = sum += weights[i];
    },
    pick(random) {
      const target = random.next() * cumulative[n - 1];
      let lo = 0, hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    price: (index) => prices[index],
    onSale: (index) => sale[index] === 1,
    saleGames: () => saleList,
  };
}

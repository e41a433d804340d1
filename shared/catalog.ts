/**
 * The store's game catalog: 240 invented games, generated deterministically so
 * that every service and test sees the same ids, titles, genres and prices.
 */
import { createRandom } from "./random.ts";

export const GENRES = [
  "Action",
  "Adventure",
  "RPG",
  "Strategy",
  "Simulation",
  "Puzzle",
  "Racing",
  "Sports",
  "Shooter",
  "Platformer",
  "Horror",
  "Roguelike",
] as const;
export type Genre = typeof GENRES[number];

export interface Game {
  id: string;
  title: string;
  genre: Genre;
  /** List price in USD. */
  price: number;
  releaseYear: number;
  /** Relative popularity, Zipf-like by rank (the first game is the most popular). */
  popularity: number;
}

const FIRST = [
  "Crimson",
  "Silent",
  "Iron",
  "Neon",
  "Lost",
  "Hollow",
  "Star",
  "Frozen",
  "Wild",
  "Ancient",
  "Broken",
  "Golden",
  "Shadow",
  "Pixel",
  "Electric",
  "Sunken",
  "Last",
  "Tiny",
  "Cosmic",
  "Savage",
];
const SECOND = [
  "Frontier",
  "Kingdom",
  "Protocol",
  "Odyssey",
  "Harvest",
  "Legion",
  "Circuit",
  "Abyss",
  "Garden",
  "Citadel",
  "Drift",
  "Voyage",
  "Arena",
  "Empire",
  "Signal",
  "Tides",
];
const SUFFIX = [
  "",
  "",
  "",
  " II",
  " III",
  ": Reborn",
  " Online",
  " Tactics",
  " Deluxe",
  " Zero",
];
const PRICES = [
  4.99,
  9.99,
  14.99,
  19.99,
  24.99,
  29.99,
  39.99,
  49.99,
  59.99,
  69.99,
];

/** How many games the catalog holds. */
export const CATALOG_SIZE = 240;
/** Exponent of the Zipf-like popularity curve. */
export const POPULARITY_EXPONENT = 1.07;

function buildCatalog(): Game[] {
  const random = createRandom(20261122);
  const titles = new Set<string>();
  const games: Game[] = [];
  while (games.length < CATALOG_SIZE) {
    const title = `${random.pick(FIRST)} ${random.pick(SECOND)}${
      random.pick(SUFFIX)
    }`;
    if (titles.has(title)) continue;
    titles.add(title);
    const rank = games.length + 1;
    games.push({
      id: `game-${String(rank).padStart(4, "0")}`,
      title,
      genre: random.pick(GENRES),
      price: random.pick(PRICES),
      releaseYear: random.int(2008, 2026),
      popularity: 1 / Math.pow(rank, POPULARITY_EXPONENT),
    });
  }
  return games;
}

/** All games, most popular first. */
export const CATALOG: readonly Game[] = Object.freeze(buildCatalog());

const BY_ID = new Map(CATALOG.map((game) => [game.id, game]));

/** The game with this id, or undefined for an id the store does not sell. */
export function findGame(id: string): Game | undefined {
  return BY_ID.get(id);
}

/**
 * What shoppers type in the search box and what the store answers. Every
 * query and its results are precomputed from the catalog at load, so a search
 * costs a few draws and no string work.
 */
import { CATALOG, GENRES } from "../../../shared/catalog.ts";
import type { Random } from "../../../shared/random.ts";

/** How a query relates to the game the shopper has in mind (cumulative shares below). */
export const QUERY_FORMS = {
  /** The full title, as typed (half the time in lower case). */
  title: 0.5,
  /** One word of the title: several games match. */
  word: 0.2,
  /** A genre, often with a filler word. */
  genre: 0.13,
  /** A misspelt title: the store has no fuzzy matching, so zero results. */
  typo: 0.08,
  /** A game or phrase the store does not carry: zero results. */
  unknown: 0.09,
} as const;

/** Results per page: ids beyond this are counted but not listed. */
export const RESULTS_PAGE = 20;

export interface Query {
  text: string;
  resultsCount: number;
  /** Catalog indices of the listed results, best first. */
  results: readonly number[];
  /** The same as ids, ready for the event. */
  resultIds: readonly string[];
}

/** Queries for games the store does not sell. */
export const UNKNOWN_QUERIES = [
  "minecraft",
  "gta 6",
  "free to play",
  "fifa 27",
  "zelda",
  "cheap games under 1 dollar",
  "mmo with friends",
  "vr",
  "game pass",
  "halo",
] as const;

const GENRE_PHRASES = ["", " games", "best ", "new ", " sale"] as const;

function query(text: string, exactFirst?: number): Query {
  const needle = text.toLowerCase().trim();
  const matches: number[] = [];
  CATALOG.forEach((game, index) => {
    const hay = `${game.title} ${game.genre}`.toLowerCase();
    if (index !== exactFirst && hay.includes(needle)) matches.push(index);
  });
  if (exactFirst !== undefined) matches.unshift(exactFirst);
  const results = matches.slice(0, RESULTS_PAGE);
  return {
    text,
    resultsCount: matches.length,
    results,
    resultIds: results.map((i) => CATALOG[i].id),
  };
}

/** Drops or swaps one letter, deterministically from the title's length. */
function misspell(title: string, variant: number): string {
  const letters = title.toLowerCase();
  const at = 1 + ((letters.length * 7 + variant * 3) % (letters.length - 2));
  return variant % 2 === 0
    ? letters.slice(0, at) + letters.slice(at + 1)
    : letters.slice(0, at) + letters[at + 1] + letters[at] +
      letters.slice(at + 2);
}

interface GameQueries {
  title: Query;
  lowerTitle: Query;
  words: Query[];
  typos: Query[];
}

const BY_GAME: GameQueries[] = CATALOG.map((game, index) => ({
  title: query(game.title, index),
  lowerTitle: query(game.title.toLowerCase(), index),
  words: game.title.split(/[\s:]+/).filter((w) => w.length > 2).map((w) =>
    query(w.toLowerCase())
  ),
  typos: [0, 1].map((v) => query(misspell(game.title, v))),
}));

const BY_GENRE = new Map(
  GENRES.map((genre) => [
    genre,
    GENRE_PHRASES.map((phrase) => {
      const g = genre.toLowerCase();
      return phrase.startsWith(" ")
        ? { ...query(g), text: g + phrase }
        : { ...query(g), text: phrase + g };
    }),
  ]),
);

const UNKNOWN = UNKNOWN_QUERIES.map((text) => query(text));

const FORM_CUMULATIVE = (() => {
  let sum = 0;
  return Object.values(QUERY_FORMS).map((share) => (sum += share));
})();

/** A query a shopper interested in the game at `gameIndex` would type. */
export function searchFor(random: Random, gameIndex: number): Query {
  const queries = BY_GAME[gameIndex];
  const form = random.weighted(FORM_CUMULATIVE);
  switch (form) {
    case 0:
      return random.chance(0.5) ? queries.title : queries.lowerTitle;
    case 1:
      return queries.words.length > 0
        ? random.pick(queries.words)
        : queries.title;
    case 2:
      return random.pick(BY_GENRE.get(CATALOG[gameIndex].genre)!);
    case 3:
      return random.pick(queries.typos);
    default:
      return random.pick(UNKNOWN);
  }
}

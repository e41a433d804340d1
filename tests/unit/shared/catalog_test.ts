import assert from "node:assert/strict";
import {
  CATALOG,
  CATALOG_SIZE,
  findGame,
  GENRES,
} from "../../../shared/catalog.ts";

Deno.test("CATALOG holds at least 200 games", () => {
  assert.ok(CATALOG.length >= 200);
  assert.equal(CATALOG.length, CATALOG_SIZE);
});

Deno.test("CATALOG ids and titles are unique", () => {
  assert.equal(new Set(CATALOG.map((g) => g.id)).size, CATALOG.length);
  assert.equal(new Set(CATALOG.map((g) => g.title)).size, CATALOG.length);
});

Deno.test("CATALOG games have sane fields", () => {
  for (const game of CATALOG) {
    assert.match(game.id, /^game-\d{4}$/);
    assert.ok(game.title.length > 0 && game.title.length <= 200);
    assert.ok(GENRES.includes(game.genre), game.genre);
    assert.ok(game.price > 0 && game.price < 100, String(game.price));
    assert.equal(Math.round(game.price * 100) / 100, game.price);
    assert.ok(game.releaseYear >= 2008 && game.releaseYear <= 2026);
    assert.ok(game.popularity > 0 && game.popularity <= 1);
  }
});

Deno.test("CATALOG is ordered by popularity, most popular first", () => {
  for (let i = 1; i < CATALOG.length; i++) {
    assert.ok(CATALOG[i].popularity < CATALOG[i - 1].popularity);
  }
});

Deno.test("CATALOG is frozen", () => {
  assert.ok(Object.isFrozen(CATALOG));
});

Deno.test("CATALOG is the same in every fresh module instance", async () => {
  // A different URL makes Deno evaluate the module again, rebuilding the catalog.
  const url = new URL("../../../shared/catalog.ts?fresh", import.meta.url).href;
  const fresh: typeof import("../../../shared/catalog.ts") = await import(url);
  assert.notEqual(fresh.CATALOG, CATALOG);
  assert.deepEqual(fresh.CATALOG, CATALOG);
});

Deno.test("findGame() finds a game by id and nothing for an unknown id", () => {
  assert.equal(findGame(CATALOG[17].id), CATALOG[17]);
  assert.equal(findGame("game-9999"), undefined);
  assert.equal(findGame(""), undefined);
});

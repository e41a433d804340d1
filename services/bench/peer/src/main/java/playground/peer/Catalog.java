package playground.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The store's game catalog, read from the JSON file the bench writes from
 * shared/catalog.ts (one source of truth for ids, titles, genres and prices).
 */
final class Catalog {
  record Game(String title, String genre, double price) {}

  private final Map<String, Game> games;

  private Catalog(Map<String, Game> games) {
    this.games = games;
  }

  /** Reads `[{id, title, genre, price}, ...]`. */
  static Catalog read(Path file) throws IOException {
    JsonNode list = new ObjectMapper().readTree(Files.readAllBytes(file));
    if (!list.isArray() || list.isEmpty()) {
      throw new IOException("Cannot read catalog " + file + ": expected a non-empty JSON array");
    }
    Map<String, Game> games = new HashMap<>();
    for (JsonNode game : list) {
      games.put(
          game.path("id").asText(),
          new Game(
              game.path("title").asText(),
              game.path("genre").asText(),
              game.path("price").asDouble()));
    }
    return new Catalog(games);
  }

  /** The game with this id, or null for an id the store does not sell. */
  Game find(String id) {
    return games.get(id);
  }
}

package playground.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The enriched event of services/processor/enrich.ts: the event's own fields
 * (unknown ones dropped, as the zod schema does) plus genre, list price and
 * discount from the catalog, and the result genres of a search.
 */
final class Enricher {
  private static final List<String> ENVELOPE =
      List.of("event_id", "timestamp", "user_id", "session_id", "event_type");
  private final ObjectMapper json = new ObjectMapper();
  private final Catalog catalog;

  Enricher(Catalog catalog) {
    this.catalog = catalog;
  }

  byte[] enrich(Checked checked) {
    ObjectNode event = checked.event();
    ObjectNode out = copy(event, ENVELOPE, json.createObjectNode());
    switch (checked.type()) {
      case GAME_PAGE_VIEWED ->
          gameInfo(copy(event, List.of("game_id", "game_title", "source"), out), event, null);
      case WISHLIST_ACTION ->
          gameInfo(copy(event, List.of("game_id", "game_title", "action"), out), event, null);
      case CART_ACTION ->
          gameInfo(
              copy(event, List.of("game_id", "game_title", "action", "price"), out),
              event,
              event.get("price").doubleValue());
      case PURCHASE -> {
        out.set("order_id", event.get("order_id"));
        ArrayNode items = out.putArray("items");
        for (JsonNode item : event.get("items")) {
          ObjectNode copied = copy(item, List.of("game_id", "title", "price"), items.addObject());
          gameInfo(copied, item, item.get("price").doubleValue());
        }
        copy(event, List.of("total", "currency", "payment_method"), out);
      }
      case SEARCH_PERFORMED -> {
        copy(event, List.of("query", "results_count", "result_game_ids"), out);
        ArrayNode genres = out.putArray("result_genres");
        for (JsonNode id : event.get("result_game_ids")) {
          Catalog.Game game = catalog.find(id.textValue());
          if (game == null) genres.addNull();
          else genres.add(game.genre());
        }
      }
    }
    try {
      return json.writeValueAsBytes(out);
    } catch (JsonProcessingException error) {
      throw new UncheckedIOException(error);
    }
  }

  private static ObjectNode copy(JsonNode from, List<String> names, ObjectNode to) {
    for (String name : names) to.set(name, from.get(name));
    return to;
  }

  /** Genre, list price and the fraction off it that was paid (`paid` null: not a sale). */
  private void gameInfo(ObjectNode out, JsonNode source, Double paid) {
    Catalog.Game game = catalog.find(source.get("game_id").textValue());
    if (game == null) {
      out.putNull("genre").putNull("list_price").putNull("discount");
      return;
    }
    out.put("genre", game.genre()).put("list_price", game.price());
    if (paid == null || game.price() == 0) out.putNull("discount");
    else out.put("discount", Math.round((1 - paid / game.price()) * 10_000) / 10_000.0);
  }
}

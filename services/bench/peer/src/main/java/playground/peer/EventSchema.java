package playground.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The shapes of shared/schemas/events.ts: what makes a store event valid beyond its type. */
final class EventSchema {
  private static final Set<String> SOURCES = Set.of("browse", "search", "recommendation", "sale");
  private static final Set<String> ACTIONS = Set.of("add", "remove");
  private static final Set<String> PAYMENTS = Set.of("card", "paypal", "wallet", "gift_card");
  private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");

  private EventSchema() {}

  /** The issues of `event` as an event of `type`, or an empty list when it is valid. */
  static List<String> issues(EventType type, ObjectNode event) {
    Fields f = new Fields();
    f.uuid(event.get("event_id"), "event_id");
    f.datetime(event.get("timestamp"), "timestamp");
    f.id(event.get("user_id"), "user_id");
    f.id(event.get("session_id"), "session_id");
    switch (type) {
      case GAME_PAGE_VIEWED -> {
        f.id(event.get("game_id"), "game_id");
        f.title(event.get("game_title"), "game_title");
        f.oneOf(event.get("source"), "source", SOURCES);
      }
      case WISHLIST_ACTION -> {
        f.id(event.get("game_id"), "game_id");
        f.title(event.get("game_title"), "game_title");
        f.oneOf(event.get("action"), "action", ACTIONS);
      }
      case CART_ACTION -> {
        f.id(event.get("game_id"), "game_id");
        f.title(event.get("game_title"), "game_title");
        f.oneOf(event.get("action"), "action", ACTIONS);
        f.money(event.get("price"), "price");
      }
      case PURCHASE -> purchase(f, event);
      case SEARCH_PERFORMED -> search(f, event);
    }
    return f.issues;
  }

  private static void purchase(Fields f, ObjectNode event) {
    f.id(event.get("order_id"), "order_id");
    JsonNode items = f.array(event.get("items"), "items", 1, 50);
    long itemCents = 0;
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        String path = "items." + i;
        JsonNode item = items.get(i);
        if (!f.object(item, path)) continue;
        f.id(item.get("game_id"), path + ".game_id");
        f.title(item.get("title"), path + ".title");
        itemCents += Fields.cents(f.money(item.get("price"), path + ".price"));
      }
    }
    double total = f.money(event.get("total"), "total");
    f.matches(event.get("currency"), "currency", CURRENCY, "expected an ISO 4217 code");
    f.oneOf(event.get("payment_method"), "payment_method", PAYMENTS);
    if (f.issues.isEmpty()) {
      f.refine(
          Fields.cents(total) == itemCents, "total", "total must equal the sum of item prices");
    }
  }

  private static void search(Fields f, ObjectNode event) {
    f.string(event.get("query"), "query", 0, 200);
    long results = f.count(event.get("results_count"), "results_count");
    JsonNode ids = f.array(event.get("result_game_ids"), "result_game_ids", 0, 100);
    if (ids != null) {
      for (int i = 0; i < ids.size(); i++) f.id(ids.get(i), "result_game_ids." + i);
    }
    if (f.issues.isEmpty()) {
      f.refine(
          ids.size() <= results, "result_game_ids", "more result ids than results_count");
    }
  }
}

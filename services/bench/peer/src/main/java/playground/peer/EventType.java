package playground.peer;

/** The five store event types, in the order of shared/schemas/names.ts (as events_per_minute). */
enum EventType {
  GAME_PAGE_VIEWED("game_page_viewed"),
  WISHLIST_ACTION("wishlist_action"),
  CART_ACTION("cart_action"),
  PURCHASE("purchase"),
  SEARCH_PERFORMED("search_performed");

  /** The `event_type` value on the wire. */
  final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  /** The type named `wire`, or null for a name the store does not know. */
  static EventType fromWire(String wire) {
    for (EventType type : values()) {
      if (type.wire.equals(wire)) return type;
    }
    return null;
  }
}

package playground.peer;

import java.util.TreeMap;

/** What one task counted in one event-time window: enough for the peer's three metrics. */
final class WindowTally {
  record GameCounts(String title, long views, long purchases) {}

  final long start;
  final long[] events = new long[EventType.values().length];
  long revenueCents;
  long orders;
  /** The currency of the window's first purchase; null before one. */
  String currency;
  /** By game id, in JavaScript's string order (UTF-16 units), as our records list them. */
  final TreeMap<String, GameCounts> games = new TreeMap<>();

  WindowTally(long start) {
    this.start = start;
  }
}

package playground.peer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * A window's records in the contract of shared/schemas/metrics.ts: key
 * `<metric>|<window_start>|<partition>`, the envelope, and `data` as
 * services/processor/records.ts renders it.
 */
final class MetricJson {
  /** Games a trending_games record lists at most: the busiest, ties by id (records.ts). */
  static final int MAX_GAMES = 1_000;

  private final ObjectMapper json = new ObjectMapper();

  List<KeyValue<String, String>> records(
      WindowTally tally, int partition, boolean isFinal, long emittedAt) {
    List<KeyValue<String, String>> out = new ArrayList<>(3);
    out.add(record("revenue_per_minute", tally, partition, isFinal, emittedAt, revenue(tally)));
    out.add(record("events_per_minute", tally, partition, isFinal, emittedAt, events(tally)));
    out.add(record("trending_games", tally, partition, isFinal, emittedAt, trending(tally)));
    return out;
  }

  private KeyValue<String, String> record(
      String metric,
      WindowTally tally,
      int partition,
      boolean isFinal,
      long emittedAt,
      ObjectNode data) {
    String start = Iso.of(tally.start);
    ObjectNode record = json.createObjectNode();
    record.put("window_start", start);
    record.put("window_end", Iso.of(tally.start + MetricsProcessor.WINDOW_MS));
    record.put("partition", partition);
    record.put("final", isFinal);
    record.put("emitted_at", Iso.of(emittedAt));
    record.put("metric", metric);
    record.set("data", data);
    try {
      return KeyValue.pair(metric + "|" + start + "|" + partition, json.writeValueAsString(record));
    } catch (JsonProcessingException error) {
      throw new UncheckedIOException(error);
    }
  }

  private ObjectNode revenue(WindowTally tally) {
    return json.createObjectNode()
        .put("revenue", tally.revenueCents / 100.0)
        .put("orders", tally.orders)
        .put("currency", tally.currency == null ? "USD" : tally.currency);
  }

  private ObjectNode events(WindowTally tally) {
    ObjectNode data = json.createObjectNode();
    long total = 0;
    for (EventType type : EventType.values()) {
      data.put(type.wire, tally.events[type.ordinal()]);
      total += tally.events[type.ordinal()];
    }
    return data.put("total", total);
  }

  private ObjectNode trending(WindowTally tally) {
    List<Map.Entry<String, WindowTally.GameCounts>> games = new ArrayList<>(tally.games.entrySet());
    if (games.size() > MAX_GAMES) {
      games.sort(
          Comparator.comparingLong(
                  (Map.Entry<String, WindowTally.GameCounts> e) ->
                      -(e.getValue().views() + e.getValue().purchases()))
              .thenComparing(Map.Entry::getKey));
      games = new ArrayList<>(games.subList(0, MAX_GAMES));
      games.sort(Map.Entry.comparingByKey());
    }
    ObjectNode byId = json.createObjectNode();
    for (Map.Entry<String, WindowTally.GameCounts> game : games) {
      byId.putObject(game.getKey())
          .put("title", game.getValue().title())
          .put("views", game.getValue().views())
          .put("purchases", game.getValue().purchases());
    }
    ObjectNode data = json.createObjectNode();
    data.set("games", byId);
    return data;
  }
}

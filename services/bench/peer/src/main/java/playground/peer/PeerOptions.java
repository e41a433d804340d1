package playground.peer;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The peer's flags (services/bench/peer/launch.ts writes them) and its Kafka Streams config. */
final class PeerOptions {
  static final String USAGE =
      """
      Usage: java -cp 'streams-peer.jar:lib/*' playground.peer.PeerMain [options]

      The bench's Kafka Streams peer of `deno task process`: validates the five
      store topics, dead-letters invalid records, writes enriched events and the
      revenue_per_minute, events_per_minute and trending_games windows, exactly
      once. Runs until SIGTERM or SIGINT, then emits its open windows and stops.

      Options (all but the last four required):
        --brokers LIST            host:port[,host:port]
        --application-id ID       consumer group, transactional ids, internal topics
        --state-dir DIR           where Kafka Streams keeps its RocksDB state
        --input TYPE=TOPIC        one per event type (game_page_viewed, ...)
        --dead-letter TOPIC       --enriched TOPIC       --metrics TOPIC
        --catalog FILE            the game catalog as JSON [{id,title,genre,price}]
        --lateness-ms N           grace of a window (default 30000)
        --max-event-bytes N       larger records are dead letters (default 16384)
        --commit-interval-ms N    Kafka Streams' commit.interval.ms (default 1000)
        --drain                   on stop, emit every open window as final
        -h, --help                show this help
      """;

  private static final Set<String> VALUED =
      Set.of(
          "--brokers",
          "--application-id",
          "--state-dir",
          "--input",
          "--dead-letter",
          "--enriched",
          "--metrics",
          "--catalog",
          "--lateness-ms",
          "--max-event-bytes",
          "--commit-interval-ms");

  String brokers;
  String applicationId;
  String stateDir;
  final Map<String, EventType> inputs = new LinkedHashMap<>();
  String deadLetter;
  String enriched;
  String metrics;
  Path catalog;
  long latenessMs = 30_000;
  int maxEventBytes = 16_384;
  long commitIntervalMs = 1_000;
  boolean drain;

  /** Parses `args`; throws IllegalArgumentException naming the bad flag. Null means --help. */
  static PeerOptions parse(String[] args) {
    PeerOptions o = new PeerOptions();
    Map<EventType, String> seen = new EnumMap<>(EventType.class);
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("-h") || flag.equals("--help")) return null;
      if (flag.equals("--drain")) {
        o.drain = true;
        continue;
      }
      if (!VALUED.contains(flag)) throw new IllegalArgumentException("Unknown flag " + flag);
      if (i + 1 >= args.length || args[i + 1].isEmpty()) {
        throw new IllegalArgumentException("Missing value for " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--brokers" -> o.brokers = value;
        case "--application-id" -> o.applicationId = value;
        case "--state-dir" -> o.stateDir = value;
        case "--input" -> o.input(value, seen);
        case "--dead-letter" -> o.deadLetter = value;
        case "--enriched" -> o.enriched = value;
        case "--metrics" -> o.metrics = value;
        case "--catalog" -> o.catalog = Path.of(value);
        case "--lateness-ms" -> o.latenessMs = number(flag, value, 0, 3_600_000);
        case "--max-event-bytes" -> o.maxEventBytes = (int) number(flag, value, 256, 1_048_576);
        case "--commit-interval-ms" -> o.commitIntervalMs = number(flag, value, 1, 60_000);
        default -> throw new IllegalStateException("Flag without a case: " + flag);
      }
    }
    o.require();
    return o;
  }

  private void input(String value, Map<EventType, String> seen) {
    int at = value.indexOf('=');
    EventType type = at > 0 ? EventType.fromWire(value.substring(0, at)) : null;
    if (type == null || at == value.length() - 1) {
      throw new IllegalArgumentException(
          "Invalid --input: expected TYPE=TOPIC with a store event type, got " + value);
    }
    if (seen.put(type, value.substring(at + 1)) != null) {
      throw new IllegalArgumentException("Invalid --input: " + type.wire + " given twice");
    }
    inputs.put(value.substring(at + 1), type);
  }

  private static long number(String flag, String value, long min, long max) {
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Invalid " + flag + ": expected a whole number from " + min + " to " + max
            + ", got " + value);
  }

  private void require() {
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("--brokers", brokers);
    required.put("--application-id", applicationId);
    required.put("--state-dir", stateDir);
    required.put("--dead-letter", deadLetter);
    required.put("--enriched", enriched);
    required.put("--metrics", metrics);
    required.put("--catalog", catalog);
    for (Map.Entry<String, Object> flag : required.entrySet()) {
      if (flag.getValue() == null) {
        throw new IllegalArgumentException("Missing flag " + flag.getKey());
      }
    }
    if (inputs.size() != EventType.values().length) {
      throw new IllegalArgumentException("Missing flag --input: expected one per event type");
    }
  }

  Properties streamsConfig() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // Kafka 5's default, set now so that 4.x does not warn at every start.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Changelog records carry the event time of the record that changed the
    // entry, which can run hours ahead of the wall clock on a backlog; the
    // broker refuses those by default. The changelog is compacted, so its
    // timestamps play no part in retention.
    p.put(
        StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
        String.valueOf(Long.MAX_VALUE));
    return p;
  }
}

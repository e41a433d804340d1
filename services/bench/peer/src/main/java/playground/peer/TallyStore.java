package playground.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's windows in its state store, as many small entries: per window one
 * of counts and revenue (`w<start>/c`) and one per game (`w<start>/g/<id>`),
 * plus the task's event time (`clock`). Each event touches a few small
 * values, so the store's cache absorbs the writes and the changelog gets one
 * record per changed entry and commit.
 */
final class TallyStore {
  private static final String CLOCK = "clock";
  private final KeyValueStore<String, byte[]> store;

  TallyStore(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /** The highest event time applied, or Long.MIN_VALUE before the first event. */
  long clock() {
    byte[] value = store.get(CLOCK);
    return value == null ? Long.MIN_VALUE : ByteBuffer.wrap(value).getLong();
  }

  void setClock(long time) {
    store.put(CLOCK, ByteBuffer.allocate(Long.BYTES).putLong(time).array());
  }

  /** Zero-padded so that keys sort by window start. */
  static String prefix(long start) {
    String digits = Long.toString(start);
    return "w" + "0".repeat(Math.max(0, 13 - digits.length())) + digits + "/";
  }

  void count(long start, EventType type, long cents, String currency) {
    String key = prefix(start) + "c";
    WindowTally tally = new WindowTally(start);
    byte[] old = store.get(key);
    if (old != null) readCounts(ByteBuffer.wrap(old), tally);
    tally.events[type.ordinal()]++;
    if (type == EventType.PURCHASE) {
      tally.revenueCents += cents;
      tally.orders++;
      if (tally.currency == null) tally.currency = currency;
    }
    byte[] name =
        tally.currency == null ? new byte[0] : tally.currency.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(Long.BYTES * (tally.events.length + 2) + 1 + name.length);
    for (long n : tally.events) out.putLong(n);
    out.putLong(tally.revenueCents).putLong(tally.orders);
    out.put((byte) (tally.currency == null ? 0 : 1));
    store.put(key, out.put(name).array());
  }

  void game(long start, String id, String title, boolean purchase) {
    String key = prefix(start) + "g/" + id;
    byte[] old = store.get(key);
    long views = 0;
    long purchases = 0;
    // The first title seen stays, as in our processor's window accumulator.
    byte[] name = title.getBytes(StandardCharsets.UTF_8);
    if (old != null) {
      ByteBuffer in = ByteBuffer.wrap(old);
      views = in.getLong();
      purchases = in.getLong();
      name = Arrays.copyOfRange(old, in.position(), old.length);
    }
    if (purchase) purchases++;
    else views++;
    ByteBuffer out = ByteBuffer.allocate(Long.BYTES * 2 + name.length);
    store.put(key, out.putLong(views).putLong(purchases).put(name).array());
  }

  WindowTally read(long start) {
    WindowTally tally = new WindowTally(start);
    String prefix = prefix(start);
    try (KeyValueIterator<String, byte[]> entries = scan(prefix)) {
      while (entries.hasNext()) {
        KeyValue<String, byte[]> entry = entries.next();
        ByteBuffer in = ByteBuffer.wrap(entry.value);
        if (entry.key.equals(prefix + "c")) {
          readCounts(in, tally);
          continue;
        }
        long views = in.getLong();
        long purchases = in.getLong();
        byte[] name = new byte[in.remaining()];
        in.get(name);
        String id = entry.key.substring(prefix.length() + 2);
        String title = new String(name, StandardCharsets.UTF_8);
        tally.games.put(id, new WindowTally.GameCounts(title, views, purchases));
      }
    }
    return tally;
  }

  void delete(long start) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> entries = scan(prefix(start))) {
      entries.forEachRemaining(entry -> keys.add(entry.key));
    }
    for (String key : keys) store.delete(key);
  }

  /** Starts of the windows in the store: the open windows after a restore. */
  TreeSet<Long> windows() {
    TreeSet<Long> starts = new TreeSet<>();
    try (KeyValueIterator<String, byte[]> entries = scan("w")) {
      entries.forEachRemaining(
          entry -> starts.add(Long.parseLong(entry.key.substring(1, entry.key.indexOf('/')))));
    }
    return starts;
  }

  private KeyValueIterator<String, byte[]> scan(String prefix) {
    return store.prefixScan(prefix, new StringSerializer());
  }

  private static void readCounts(ByteBuffer in, WindowTally tally) {
    for (int i = 0; i < tally.events.length; i++) tally.events[i] = in.getLong();
    tally.revenueCents = in.getLong();
    tally.orders = in.getLong();
    boolean hasCurrency = in.get() == 1;
    byte[] name = new byte[in.remaining()];
    in.get(name);
    tally.currency = hasCurrency ? new String(name, StandardCharsets.UTF_8) : null;
  }
}

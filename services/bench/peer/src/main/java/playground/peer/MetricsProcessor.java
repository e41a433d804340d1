package playground.peer;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's one-minute tumbling event-time windows: the task's event time
 * is the highest it applied; a window takes events until that time minus the
 * grace passes its end, then is emitted once more as final and forgotten. An
 * event for a closed window is late and changes nothing. Open windows that
 * changed are re-emitted at most once a second, as our processor does.
 */
final class MetricsProcessor implements Processor<String, Checked, String, String> {
  static final String STORE = "peer-windows";
  static final long WINDOW_MS = 60_000;
  private static final long EMIT_EVERY_MS = 1_000;
  private static final long TICK_MS = 100;

  private final long graceMs;
  private final StopSignal stop;
  private final Catalog catalog;
  private final MetricJson render = new MetricJson();
  private ProcessorContext<String, String> context;
  private TaskId task;
  private TallyStore store;
  private TreeSet<Long> open;
  private final Set<Long> dirty = new HashSet<>();
  private long clock;
  private long lastEmit;
  private boolean stopped;

  MetricsProcessor(long graceMs, Catalog catalog, StopSignal stop) {
    this.graceMs = graceMs;
    this.catalog = catalog;
    this.stop = stop;
  }

  @Override
  public void init(ProcessorContext<String, String> context) {
    this.context = context;
    task = context.taskId();
    KeyValueStore<String, byte[]> kv = context.getStateStore(STORE);
    store = new TallyStore(kv);
    clock = store.clock();
    open = store.windows();
    dirty.addAll(open);
    context.schedule(Duration.ofMillis(TICK_MS), PunctuationType.WALL_CLOCK_TIME, this::tick);
    stop.started(task);
  }

  @Override
  public void process(Record<String, Checked> record) {
    Checked event = record.value();
    long time = event.time();
    long start = Math.floorDiv(time, WINDOW_MS) * WINDOW_MS;
    if (clock != Long.MIN_VALUE && start + WINDOW_MS <= clock - graceMs) return;
    apply(start, event);
    open.add(start);
    dirty.add(start);
    if (time > clock) {
      clock = time;
      store.setClock(time);
      while (!open.isEmpty() && open.first() + WINDOW_MS <= clock - graceMs) {
        close(open.pollFirst());
      }
    }
  }

  private void apply(long start, Checked event) {
    var json = event.event();
    long cents = 0;
    String currency = null;
    switch (event.type()) {
      case GAME_PAGE_VIEWED -> {
        String id = json.get("game_id").textValue();
        store.game(start, id, title(id, json.get("game_title").textValue()), false);
      }
      case PURCHASE -> {
        cents = Fields.cents(json.get("total").doubleValue());
        currency = json.get("currency").textValue();
        for (var item : json.get("items")) {
          String id = item.get("game_id").textValue();
          store.game(start, id, title(id, item.get("title").textValue()), true);
        }
      }
      default -> {}
    }
    store.count(start, event.type(), cents, currency);
  }

  private String title(String id, String fallback) {
    Catalog.Game game = catalog.find(id);
    return game == null ? fallback : game.title();
  }

  private void close(long start) {
    emit(start, true);
    store.delete(start);
    dirty.remove(start);
  }

  private void emit(long start, boolean isFinal) {
    long now = context.currentSystemTimeMs();
    int partition = task.partition();
    for (KeyValue<String, String> r : render.records(store.read(start), partition, isFinal, now)) {
      context.forward(new Record<>(r.key, r.value, now));
    }
  }

  private void tick(long now) {
    if (stop.requested()) {
      if (stopped) return;
      stopped = true;
      if (stop.drain) {
        while (!open.isEmpty()) close(open.pollFirst());
      }
      emitDirty();
      stop.emitted(task);
      return;
    }
    if (!dirty.isEmpty() && now - lastEmit >= EMIT_EVERY_MS) {
      emitDirty();
      lastEmit = now;
    }
  }

  private void emitDirty() {
    for (long start : new TreeSet<>(dirty)) emit(start, false);
    dirty.clear();
  }

  @Override
  public void close() {
    stop.closed(task);
  }
}

package playground.peer;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How a stop reaches the tasks: Kafka Streams commits what a punctuation
 * forwarded when it closes, but a processor's close() can no longer forward.
 * So on a stop every task emits its windows in its next punctuation, and the
 * main thread waits for all of them before it closes the client.
 */
final class StopSignal {
  /** Emit every open window as final on stop, as `deno task process --drain` does. */
  final boolean drain;
  private volatile boolean requested;
  private final Set<TaskId> active = new HashSet<>();
  private final Set<TaskId> emitted = new HashSet<>();

  StopSignal(boolean drain) {
    this.drain = drain;
  }

  boolean requested() {
    return requested;
  }

  void request() {
    requested = true;
  }

  synchronized void started(TaskId task) {
    active.add(task);
  }

  synchronized void closed(TaskId task) {
    active.remove(task);
    notifyAll();
  }

  synchronized void emitted(TaskId task) {
    emitted.add(task);
    notifyAll();
  }

  /** True once every active task emitted after the stop; false when `timeoutMs` passed first. */
  synchronized boolean awaitEmitted(long timeoutMs) throws InterruptedException {
    long giveUpAt = System.currentTimeMillis() + timeoutMs;
    while (!emitted.containsAll(active)) {
      long left = giveUpAt - System.currentTimeMillis();
      if (left <= 0) return false;
      wait(left);
    }
    return true;
  }
}
